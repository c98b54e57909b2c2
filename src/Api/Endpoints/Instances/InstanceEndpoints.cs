using Marketplace.Api.Endpoints.Instances.Contracts;
using Marketplace.Api.Infrastructure;
using Marketplace.Application.ServiceInstances.DeprovisionInstance;
using Marketplace.Application.ServiceInstances.GetInstance;
using Marketplace.Application.ServiceInstances.ListInstances;
using Marketplace.Application.ServiceInstances.ProvisionInstance;
using Marketplace.Application.ServiceInstances.UpdateInstance;
using Mediator;

namespace Marketplace.Api.Endpoints.Instances;

/// <summary>
/// M3, M4, M6, M7. Every broker operation answers 202 with the resource and runs in the background; the
/// broker's answer becomes the resource's <c>state</c> and <c>lastOperation</c>, never an HTTP error here.
/// </summary>
internal static class InstanceEndpoints
{
    public static void MapInstanceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/instances").WithTags("Instances");

        group.MapPost("/", async (Guid projectId, ProvisionInstanceRequest request, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var instance = await sender.Send(new ProvisionInstanceCommand(
                    projectId, request.Name ?? string.Empty, request.ServiceId ?? Guid.Empty, request.PlanId ?? Guid.Empty, request.Parameters), ct);
                ETags.Set(response, instance.Version);
                return TypedResults.Accepted($"/api/projects/{projectId}/instances/{instance.Id}", InstanceResponse.From(instance));
            })
            .WithName("ProvisionInstance").WithSummary("Provision an instance; the broker is called in the background (project members)")
            .ProducesCommonProblems(400, 409, 413, 415, 422, 503);

        group.MapGet("/", async (Guid projectId, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<InstanceResponse>.From(
                    await sender.Send(new ListInstancesQuery(projectId, paging.ToPageRequest()), ct), InstanceResponse.From))
            .WithName("ListInstances").WithSummary("The project's instances (project members)")
            .ProducesCommonProblems(400);

        group.MapGet("/{instanceId:guid}", async (Guid projectId, Guid instanceId, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var instance = await sender.Send(new GetInstanceQuery(projectId, instanceId), ct);
                ETags.Set(response, instance.Version);
                return InstanceResponse.From(instance);
            })
            .WithName("GetInstance").WithSummary("One instance with state and last operation (project members)")
            .ProducesCommonProblems();

        group.MapPatch("/{instanceId:guid}", async (
                Guid projectId, Guid instanceId, UpdateInstanceRequest request, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var instance = await sender.Send(new UpdateInstanceCommand(
                    projectId, instanceId, request.PlanId, request.Parameters, ETags.ExpectedVersion(http.Request)), ct);
                ETags.Set(http.Response, instance.Version);
                return TypedResults.Accepted($"/api/projects/{projectId}/instances/{instanceId}", InstanceResponse.From(instance));
            })
            .WithName("UpdateInstance").WithSummary("Change the plan and/or parameters in the background (project members)")
            .ProducesCommonProblems(400, 409, 412, 413, 415, 422, 503);

        group.MapDelete("/{instanceId:guid}", async (
                Guid projectId, Guid instanceId, bool? recursive, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var instance = await sender.Send(new DeprovisionInstanceCommand(
                    projectId, instanceId, recursive ?? false, ETags.ExpectedVersion(http.Request)), ct);
                ETags.Set(http.Response, instance.Version);
                return TypedResults.Accepted($"/api/projects/{projectId}/instances/{instanceId}", InstanceResponse.From(instance));
            })
            .WithName("DeprovisionInstance")
            .WithSummary("Deprovision in the background; ?recursive=true deletes the bindings first (project members)")
            .ProducesCommonProblems(400, 409, 412, 422, 503);
    }
}

using Marketplace.Api.Endpoints.Instances.Contracts;
using Marketplace.Api.Infrastructure;
using Marketplace.Application.ServiceInstances.CreateBinding;
using Marketplace.Application.ServiceInstances.DeleteBinding;
using Marketplace.Application.ServiceInstances.GetBinding;
using Marketplace.Application.ServiceInstances.ListBindings;
using Mediator;

namespace Marketplace.Api.Endpoints.Instances;

/// <summary>M5: bindings and their credentials, for the project's members only.</summary>
internal static class BindingEndpoints
{
    public static void MapBindingEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/instances/{instanceId:guid}/bindings").WithTags("Bindings").WithNoStore();

        group.MapPost("/", async (
                Guid projectId, Guid instanceId, CreateBindingRequest request, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var binding = await sender.Send(new CreateBindingCommand(projectId, instanceId, request.Name ?? string.Empty, request.Parameters), ct);
                ETags.Set(response, binding.Version);
                return TypedResults.Accepted(
                    $"/api/projects/{projectId}/instances/{instanceId}/bindings/{binding.Id}", BindingResponse.From(binding));
            })
            .WithName("CreateBinding").WithSummary("Bind in the background; credentials appear on the binding once ready (project members)")
            .ProducesCommonProblems(400, 409, 413, 415, 422, 503);

        group.MapGet("/", async (Guid projectId, Guid instanceId, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<BindingResponse>.From(
                    await sender.Send(new ListBindingsQuery(projectId, instanceId, paging.ToPageRequest()), ct), BindingResponse.From))
            .WithName("ListBindings").WithSummary("The instance's bindings, without credentials (project members)")
            .ProducesCommonProblems(400);

        group.MapGet("/{bindingId:guid}", async (
                Guid projectId, Guid instanceId, Guid bindingId, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var binding = await sender.Send(new GetBindingQuery(projectId, instanceId, bindingId), ct);
                ETags.Set(response, binding.Version);
                return BindingResponse.From(binding);
            })
            .WithName("GetBinding").WithSummary("One binding with its credentials (project members)")
            .ProducesCommonProblems();

        group.MapDelete("/{bindingId:guid}", async (
                Guid projectId, Guid instanceId, Guid bindingId, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var binding = await sender.Send(new DeleteBindingCommand(projectId, instanceId, bindingId, ETags.ExpectedVersion(http.Request)), ct);
                ETags.Set(http.Response, binding.Version);
                return TypedResults.Accepted(
                    $"/api/projects/{projectId}/instances/{instanceId}/bindings/{bindingId}", BindingResponse.From(binding));
            })
            .WithName("DeleteBinding").WithSummary("Unbind in the background (project members)")
            .ProducesCommonProblems(409, 412, 422, 503);
    }
}

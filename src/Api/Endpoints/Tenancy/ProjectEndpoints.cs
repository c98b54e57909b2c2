using Marketplace.Api.Endpoints.Tenancy.Contracts;
using Marketplace.Api.Infrastructure;
using Marketplace.Application.Tenancy.AddProjectMember;
using Marketplace.Application.Tenancy.CreateProject;
using Marketplace.Application.Tenancy.DisableProjectLocation;
using Marketplace.Application.Tenancy.EditProject;
using Marketplace.Application.Tenancy.EnableProjectLocation;
using Marketplace.Application.Tenancy.GetProject;
using Marketplace.Application.Tenancy.ListProjects;
using Marketplace.Application.Tenancy.RemoveProjectMember;
using Mediator;

namespace Marketplace.Api.Endpoints.Tenancy;

internal static class ProjectEndpoints
{
    public static void MapProjectEndpoints(this IEndpointRouteBuilder routes)
    {
        var ofCustomer = routes.MapGroup("/api/customers/{customerId:guid}/projects").WithTags("Projects");

        ofCustomer.MapGet("/", async (Guid customerId, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<ProjectResponse>.From(
                    await sender.Send(new ListProjectsQuery(customerId, paging.ToPageRequest()), ct), ProjectResponse.From))
            .WithName("ListProjects").WithSummary("A customer's projects (its admins; members see their own)")
            .ProducesCommonProblems(400);

        ofCustomer.MapPost("/", async (Guid customerId, CreateProjectRequest request, ISender sender, CancellationToken ct) =>
            {
                var project = await sender.Send(new CreateProjectCommand(customerId, request.Identifier, request.Name), ct);
                return TypedResults.Created($"/api/projects/{project.Id}", ProjectResponse.From(project));
            })
            .WithName("CreateProject").WithSummary("Create a project (customer admins)")
            .ProducesCommonProblems(400, 409, 413, 415);

        var projects = routes.MapGroup("/api/projects/{projectId:guid}").WithTags("Projects");

        projects.MapGet("/", async (Guid projectId, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var project = await sender.Send(new GetProjectQuery(projectId), ct);
                ETags.Set(response, project.Version);
                return ProjectResponse.From(project);
            })
            .WithName("GetProject").WithSummary("One project (members, customer admins)")
            .ProducesCommonProblems();

        projects.MapPatch("/", async (Guid projectId, EditProjectRequest request, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var project = await sender.Send(new EditProjectCommand(projectId, request.Name, ETags.ExpectedVersion(http.Request)), ct);
                ETags.Set(http.Response, project.Version);
                return ProjectResponse.From(project);
            })
            .WithName("EditProject").WithSummary("Rename a project (customer admins)")
            .ProducesCommonProblems(400, 409, 412, 413, 415);

        projects.MapPut("/members/{userId}", async (Guid projectId, string userId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new AddProjectMemberCommand(projectId, userId), ct);
                return TypedResults.NoContent();
            })
            .WithName("AddProjectMember").WithSummary("Add a member (customer admins)")
            .ProducesCommonProblems(400, 409);

        projects.MapDelete("/members/{userId}", async (Guid projectId, string userId, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RemoveProjectMemberCommand(projectId, userId, ETags.ExpectedVersion(request)), ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveProjectMember").WithSummary("Remove a member (customer admins); honours If-Match with the project's ETag")
            .ProducesCommonProblems(409, 412);

        projects.MapPut("/locations/{locationIdentifier}", async (
                Guid projectId, string locationIdentifier, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new EnableProjectLocationCommand(projectId, locationIdentifier), ct);
                return TypedResults.NoContent();
            })
            .WithName("EnableProjectLocation").WithSummary("Enable a marketplace location for the project (customer admins)")
            .ProducesCommonProblems(409, 422);

        projects.MapDelete("/locations/{locationIdentifier}", async (
                Guid projectId, string locationIdentifier, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DisableProjectLocationCommand(projectId, locationIdentifier, ETags.ExpectedVersion(request)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DisableProjectLocation").WithSummary("Disable a marketplace location for the project (customer admins); honours If-Match with the project's ETag")
            .ProducesCommonProblems(409, 412);
    }
}

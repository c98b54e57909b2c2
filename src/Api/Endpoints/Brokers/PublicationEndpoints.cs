using Marketplace.Api.Infrastructure;
using Marketplace.Api.Endpoints.Brokers.Contracts;
using Marketplace.Application.Brokers.ApprovePublication;
using Marketplace.Application.Brokers.GetPublication;
using Marketplace.Application.Brokers.ListPublicationQueue;
using Marketplace.Application.Brokers.ListPublications;
using Marketplace.Application.Brokers.PublishBroker;
using Marketplace.Application.Brokers.RejectPublication;
using Marketplace.Application.Brokers.RevokePublication;
using Mediator;

namespace Marketplace.Api.Endpoints.Brokers;

internal static class PublicationEndpoints
{
    public static void MapPublicationEndpoints(this IEndpointRouteBuilder routes)
    {
        var ofBroker = routes.MapGroup("/api/brokers/{brokerId:guid}/publications").WithTags("Publications");

        ofBroker.MapPost("/", async (Guid brokerId, PublishBrokerRequest request, ISender sender, CancellationToken ct) =>
            {
                var publication = await sender.Send(new PublishBrokerCommand(
                    brokerId, request.Location, request.Endpoint, request.Username, request.Password, request.DevelopmentMode ?? false), ct);
                return TypedResults.Created($"/api/brokers/{brokerId}/publications/{publication.Id}", PublicationResponse.From(publication));
            })
            .WithName("PublishBroker").WithSummary("Publish the broker to a public location or Global; pending until approved (owners)")
            .ProducesCommonProblems(400, 409, 413, 415, 422);

        ofBroker.MapGet("/", async (Guid brokerId, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<PublicationResponse>.From(
                    await sender.Send(new ListPublicationsQuery(brokerId, paging.ToPageRequest()), ct), PublicationResponse.From))
            .WithName("ListPublications").WithSummary("The broker's publications (owners, platform admins)")
            .ProducesCommonProblems(400);

        ofBroker.MapGet("/{publicationId:guid}", async (
                Guid brokerId, Guid publicationId, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var (publication, brokerVersion) = await sender.Send(new GetPublicationQuery(brokerId, publicationId), ct);
                ETags.Set(response, brokerVersion);
                return PublicationResponse.From(publication);
            })
            .WithName("GetPublication").WithSummary("One publication (owners, platform admins)")
            .ProducesCommonProblems();

        ofBroker.MapDelete("/{publicationId:guid}", async (
                Guid brokerId, Guid publicationId, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RevokePublicationCommand(brokerId, publicationId, ETags.ExpectedVersion(request)), ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokePublication").WithSummary("Revoke a publication that is not approved (owners); honours If-Match with the broker's ETag")
            .ProducesCommonProblems(409, 412);

        var queue = routes.MapGroup("/api/publications").WithTags("Publications");

        queue.MapGet("/", async (string? status, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<PublicationResponse>.From(
                    await sender.Send(new ListPublicationQueueQuery(status, paging.ToPageRequest()), ct), PublicationResponse.From))
            .WithName("ListPublicationQueue").RequireAuthorization(AuthenticationSetup.PlatformAdminPolicy).WithSummary("Publications by status, e.g. ?status=pending (platform admins)")
            .ProducesCommonProblems(400);

        queue.MapPost("/{publicationId:guid}/approve", async (Guid publicationId, ISender sender, CancellationToken ct) =>
                PublicationResponse.From(await sender.Send(new ApprovePublicationCommand(publicationId), ct)))
            .WithName("ApprovePublication").RequireAuthorization(AuthenticationSetup.PlatformAdminPolicy).WithSummary("Approve a pending publication (platform admins)")
            .ProducesCommonProblems(409);

        queue.MapPost("/{publicationId:guid}/reject", async (
                Guid publicationId, RejectPublicationRequest? request, ISender sender, CancellationToken ct) =>
                PublicationResponse.From(await sender.Send(new RejectPublicationCommand(publicationId, request?.Reason), ct)))
            .WithName("RejectPublication").RequireAuthorization(AuthenticationSetup.PlatformAdminPolicy).WithSummary("Reject a pending publication with an optional reason (platform admins)")
            .ProducesCommonProblems(400, 409, 413, 415);
    }
}

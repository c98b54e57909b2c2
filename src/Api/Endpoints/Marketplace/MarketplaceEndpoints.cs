using Marketplace.Api.Endpoints.Marketplace.Contracts;
using Marketplace.Application.Marketplace.GetMarketplaceService;
using Marketplace.Application.Marketplace.ListMarketplaceServices;
using Mediator;

namespace Marketplace.Api.Endpoints.Marketplace;

internal static class MarketplaceEndpoints
{
    public static void MapMarketplaceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/marketplace/services").WithTags("Marketplace");

        group.MapGet("/", async (
                Guid projectId, string? location, string? q, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<MarketplaceServiceResponse>.From(
                    await sender.Send(new ListMarketplaceServicesQuery(projectId, location, q, paging.ToPageRequest()), ct),
                    MarketplaceServiceResponse.From))
            .WithName("ListMarketplaceServices")
            .WithSummary("Services the project can use: approved publications at its locations and Global, its customer's private brokers (M1)")
            .ProducesCommonProblems(400);

        group.MapGet("/{serviceId:guid}", async (Guid projectId, Guid serviceId, ISender sender, CancellationToken ct) =>
                MarketplaceServiceDetailResponse.From(await sender.Send(new GetMarketplaceServiceQuery(projectId, serviceId), ct)))
            .WithName("GetMarketplaceService").WithSummary("A service with its plans (M2)")
            .ProducesCommonProblems();
    }
}

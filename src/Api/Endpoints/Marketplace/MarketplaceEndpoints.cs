using Marketplace.Api.Endpoints.Marketplace.Contracts;
using Marketplace.Application.Marketplace.GetMarketplaceService;
using Marketplace.Application.Marketplace.ListMarketplaceServices;
using Marketplace.Api.Infrastructure;
using Mediator;
using System.Text.Json;
using Marketplace.Application.Marketplace;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Endpoints.Marketplace;

internal static class MarketplaceEndpoints
{
    public static void MapMarketplaceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projects/{projectId:guid}/marketplace/services").WithTags("Marketplace");

        group.MapGet("/", async (
                HttpContext http, Guid projectId, string? location, string? q, [AsParameters] PagingParameters paging, ISender sender,
                MarketplaceReadCache cache, IOptions<JsonOptions> json, CancellationToken ct) =>
            {
                var query = new ListMarketplaceServicesQuery(projectId, location, q, paging.ToPageRequest());
                var listed = await sender.Send(query, ct);
                if (ETags.SetAndMatchMarketplaceVersion(http, listed.Version))
                {
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                }

                // The same URL at the same version is the same answer: serialised once per version (P1).
                var body = cache.PageBytes(listed.Version, MarketplacePage.AnswerKey(query), () =>
                    JsonSerializer.SerializeToUtf8Bytes(
                        PageResponse<MarketplaceServiceResponse>.From(listed.Page, MarketplaceServiceResponse.From), json.Value.SerializerOptions));
                return Results.Bytes(body, "application/json; charset=utf-8");
            })
            .Produces<PageResponse<MarketplaceServiceResponse>>()
            .Produces(StatusCodes.Status304NotModified)
            .WithName("ListMarketplaceServices")
            .WithSummary("Services the project can use: approved publications at its locations and Global, its customer's private brokers (M1)")
            .WithDescription("Answers a weak ETag; with If-None-Match naming it, 304 and no body while the marketplace is unchanged.")
            .ProducesCommonProblems(400);

        group.MapGet("/{serviceId:guid}", async (Guid projectId, Guid serviceId, ISender sender, CancellationToken ct) =>
                MarketplaceServiceDetailResponse.From(await sender.Send(new GetMarketplaceServiceQuery(projectId, serviceId), ct)))
            .WithName("GetMarketplaceService").WithSummary("A service with its plans (M2)")
            .ProducesCommonProblems();
    }
}

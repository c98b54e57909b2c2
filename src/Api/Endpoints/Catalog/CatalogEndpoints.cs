using Marketplace.Api.Endpoints.Catalog.Contracts;
using Marketplace.Application.Catalog.GetCatalog;
using Marketplace.Application.Catalog.RequestCatalogRefresh;
using Mediator;

namespace Marketplace.Api.Endpoints.Catalog;

internal static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var broker = routes.MapGroup("/api/brokers/{brokerId:guid}").WithTags("Catalogs");

        broker.MapGet("/catalog", async (Guid brokerId, ISender sender, CancellationToken ct) =>
                CatalogResponse.From(await sender.Send(new GetCatalogQuery(brokerId, null), ct)))
            .WithName("GetBrokerCatalog").WithSummary("The private registration's catalog and its status (owners, platform admins)")
            .ProducesCommonProblems();

        broker.MapPost("/catalog/refresh", async (Guid brokerId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RequestCatalogRefreshCommand(brokerId, null), ct);
                return TypedResults.Accepted($"/api/brokers/{brokerId}/catalog");
            })
            .WithName("RefreshBrokerCatalog").WithSummary("Refresh the private catalog now, in the background (owners, platform admins)")
            .ProducesCommonProblems();

        broker.MapGet("/publications/{publicationId:guid}/catalog", async (Guid brokerId, Guid publicationId, ISender sender, CancellationToken ct) =>
                CatalogResponse.From(await sender.Send(new GetCatalogQuery(brokerId, publicationId), ct)))
            .WithName("GetPublicationCatalog").WithSummary("A publication's catalog and its status (owners, platform admins)")
            .ProducesCommonProblems();

        broker.MapPost("/publications/{publicationId:guid}/catalog/refresh", async (
                Guid brokerId, Guid publicationId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RequestCatalogRefreshCommand(brokerId, publicationId), ct);
                return TypedResults.Accepted($"/api/brokers/{brokerId}/publications/{publicationId}/catalog");
            })
            .WithName("RefreshPublicationCatalog").WithSummary("Refresh a publication's catalog now, in the background (owners, platform admins)")
            .ProducesCommonProblems();
    }
}

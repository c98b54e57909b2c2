using Marketplace.Application.Brokers;
using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Catalog.GetCatalog;

/// <summary>
/// B4/B7: the stored catalog of a connection and its status (last refresh, last error, what the last
/// refresh changed), for the broker's owners and platform admins.
/// </summary>
public sealed record GetCatalogQuery(Guid BrokerId, Guid? PublicationId) : IQuery<CatalogDto>;

public sealed class GetCatalogHandler(IReadStore store, BrokerOwnership ownership) : IQueryHandler<GetCatalogQuery, CatalogDto>
{
    public async ValueTask<CatalogDto> Handle(GetCatalogQuery query, CancellationToken cancellationToken)
    {
        await ownership.RequireReaderAsync(query.BrokerId, cancellationToken);
        var catalog = await store.Catalogs
            .Include(c => c.Services).ThenInclude(s => s.Plans)
            .FirstOrDefaultAsync(c => c.BrokerId == query.BrokerId && c.PublicationId == query.PublicationId, cancellationToken);
        return catalog is null
            ? throw (query.PublicationId is { } publicationId
                ? BrokerErrors.PublicationNotFound(publicationId)
                : BrokerErrors.BrokerNotFound(query.BrokerId))
            : CatalogDto.From(catalog);
    }
}

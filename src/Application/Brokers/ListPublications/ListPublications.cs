using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Brokers.ListPublications;

/// <summary>A broker's publications, for its owners and platform admins, by location.</summary>
public sealed record ListPublicationsQuery(Guid BrokerId, PageRequest Paging) : IQuery<Page<PublicationDto>>, IPagedQuery;

public sealed class ListPublicationsHandler(IReadStore store, BrokerOwnership ownership, BrokerViews views)
    : IQueryHandler<ListPublicationsQuery, Page<PublicationDto>>
{
    public async ValueTask<Page<PublicationDto>> Handle(ListPublicationsQuery query, CancellationToken cancellationToken)
    {
        await ownership.RequireReaderAsync(query.BrokerId, cancellationToken);
        var page = await store.Publications
            .Where(p => p.BrokerId == query.BrokerId)
            .OrderBy(p => p.LocationIdentifier).ThenBy(p => p.Status).ThenBy(p => p.Id)
            .Select(PublicationDto.Projection)
            .ToPageAsync(query.Paging, cancellationToken);
        return await views.CompleteAsync(page, cancellationToken);
    }
}

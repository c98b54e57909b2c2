using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Brokers;
using Mediator;

namespace Marketplace.Application.Brokers.ListPublicationQueue;

/// <summary>B6: the platform admins' view of publications, by default the pending ones awaiting a decision.</summary>
public sealed record ListPublicationQueueQuery(string? Status, PageRequest Paging)
    : IQuery<Page<PublicationDto>>, IPagedQuery;

public sealed class ListPublicationQueueHandler(IReadStore store, TenantAccess access, BrokerViews views)
    : IQueryHandler<ListPublicationQueueQuery, Page<PublicationDto>>
{
    public async ValueTask<Page<PublicationDto>> Handle(ListPublicationQueueQuery query, CancellationToken cancellationToken)
    {
        access.RequirePlatformAdmin();
        var publications = store.Publications;
        if (query.Status is not null)
        {
            var status = Enum.Parse<PublicationStatus>(query.Status, ignoreCase: true);
            publications = publications.Where(p => p.Status == status);
        }

        var page = await publications
            .OrderBy(p => p.BrokerId).ThenBy(p => p.LocationIdentifier).ThenBy(p => p.Id)
            .Select(PublicationDto.Projection)
            .ToPageAsync(query.Paging, cancellationToken);
        return await views.CompleteAsync(page, cancellationToken);
    }
}

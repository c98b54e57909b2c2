using Marketplace.Application.Common.Security;
using Marketplace.Application.Common.Paging;
using Mediator;

namespace Marketplace.Application.Marketplace.ListMarketplaceServices;

/// <summary>M1: the services a project can provision, searchable by name or tag and filterable by location.</summary>
public sealed record ListMarketplaceServicesQuery(Guid ProjectId, string? Location, string? Search, PageRequest Paging)
    : IQuery<Page<MarketplaceServiceDto>>, IPagedQuery, IProjectReaderRequest;

public sealed class ListMarketplaceServicesHandler(VisibleServices visible)
    : IQueryHandler<ListMarketplaceServicesQuery, Page<MarketplaceServiceDto>>
{
    public async ValueTask<Page<MarketplaceServiceDto>> Handle(ListMarketplaceServicesQuery query, CancellationToken cancellationToken)
    {
        var entries = (await visible.ForProjectAsync(query.ProjectId, cancellationToken))
            .Where(e => query.Location is null || e.Location == query.Location)
            .Where(e => string.IsNullOrWhiteSpace(query.Search) ||
                        e.Service.Name.Contains(query.Search, StringComparison.OrdinalIgnoreCase) ||
                        e.Service.Tags.Any(t => t.Contains(query.Search, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(e => e.Service.Name, StringComparer.Ordinal).ThenBy(e => e.Location, StringComparer.Ordinal)
            .ToList();
        var items = entries.Skip(query.Paging.Skip).Take(query.Paging.PageSize)
            .Select(e => VisibleServices.ToDto(e.Service, e.Location, e.BrokerName)).ToList();
        return new Page<MarketplaceServiceDto>(items, query.Paging.Page, query.Paging.PageSize, entries.Count);
    }
}

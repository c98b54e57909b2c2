using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Marketplace.ListMarketplaceServices;

/// <summary>M1: the services a project can provision, searchable by name or tag and filterable by location.</summary>
public sealed record ListMarketplaceServicesQuery(Guid ProjectId, string? Location, string? Search, PageRequest Paging)
    : IQuery<MarketplacePage>, IPagedQuery, IProjectReaderRequest;

/// <summary>A page of the marketplace and the marketplace version it was read at (the ETag's source).</summary>
public sealed record MarketplacePage(Page<MarketplaceServiceDto> Page, long Version)
{
    /// <summary>What the answer is a function of, besides the version: the parsed request, so that unknown query parameters make no new key.</summary>
    public static string AnswerKey(ListMarketplaceServicesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return $"{query.ProjectId}\n{query.Location}\n{query.Search}\n{query.Paging.Page}\n{query.Paging.PageSize}";
    }
}

/// <summary>
/// P1: the project's listing comes from <see cref="MarketplaceReadCache"/> while the marketplace version is unchanged,
/// so a page costs a version read, a filter and a slice, whatever the number of catalogs.
/// </summary>
public sealed class ListMarketplaceServicesHandler(IMarketplaceVersion versions, MarketplaceReadCache cache)
    : IQueryHandler<ListMarketplaceServicesQuery, MarketplacePage>
{
    public async ValueTask<MarketplacePage> Handle(ListMarketplaceServicesQuery query, CancellationToken cancellationToken)
    {
        var version = await versions.CurrentAsync(cancellationToken);
        var listing = await cache.ListingAsync(version, query.ProjectId, cancellationToken);
        IReadOnlyList<MarketplaceServiceDto> entries = query.Location is null && string.IsNullOrWhiteSpace(query.Search)
            ? listing
            : listing
                .Where(e => query.Location is null || e.Location == query.Location)
                .Where(e => string.IsNullOrWhiteSpace(query.Search) ||
                            e.Name.Contains(query.Search, StringComparison.OrdinalIgnoreCase) ||
                            e.Tags.Any(t => t.Contains(query.Search, StringComparison.OrdinalIgnoreCase)))
                .ToList();
        var items = entries.Skip(query.Paging.Skip).Take(query.Paging.PageSize).ToList();
        return new MarketplacePage(new Page<MarketplaceServiceDto>(items, query.Paging.Page, query.Paging.PageSize, entries.Count), version);
    }
}

using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Tenancy;
using Mediator;

namespace Marketplace.Application.Tenancy.ListLocations;

/// <summary>
/// Global, the public locations, and the private locations of the customers the caller belongs to
/// (platform admins see all).
/// </summary>
public sealed record ListLocationsQuery(PageRequest Paging) : IQuery<Page<LocationDto>>, IPagedQuery;

public sealed class ListLocationsHandler(IReadStore store, ICurrentUser user) : IQueryHandler<ListLocationsQuery, Page<LocationDto>>
{
    public async ValueTask<Page<LocationDto>> Handle(ListLocationsQuery query, CancellationToken cancellationToken)
    {
        var userId = user.UserId;
        var visible = store.Locations;
        if (!user.IsPlatformAdmin)
        {
            visible = visible.Where(l => l.Type != LocationType.Private ||
                store.Customers.Any(c => c.Id == l.CustomerId && c.Admins.Any(a => a.UserId == userId)) ||
                store.Projects.Any(p => p.CustomerId == l.CustomerId && p.Members.Any(m => m.UserId == userId)));
        }

        return await visible
            .OrderBy(l => l.Name).ThenBy(l => l.Identifier)
            .Select(l => new LocationDto(l.Id, l.Identifier, l.Name, l.Type, l.CustomerId, l.Version))
            .ToPageAsync(query.Paging, cancellationToken);
    }
}

using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Tenancy;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Tenancy.GetLocation;

/// <summary>One location; a private location only for the members and admins of its customer (and platform admins).</summary>
public sealed record GetLocationQuery(string Identifier) : IQuery<LocationDto>;

public sealed class GetLocationHandler(IReadStore store, ICurrentUser user) : IQueryHandler<GetLocationQuery, LocationDto>
{
    public async ValueTask<LocationDto> Handle(GetLocationQuery query, CancellationToken cancellationToken)
    {
        var userId = user.UserId;
        var location = await store.Locations.Where(l => l.Identifier == query.Identifier)
            .Where(l => user.IsPlatformAdmin || l.Type != LocationType.Private ||
                store.Customers.Any(c => c.Id == l.CustomerId && c.Admins.Any(a => a.UserId == userId)) ||
                store.Projects.Any(p => p.CustomerId == l.CustomerId && p.Members.Any(m => m.UserId == userId)))
            .Select(l => new LocationDto(l.Id, l.Identifier, l.Name, l.Type, l.CustomerId, l.Version))
            .FirstOrDefaultAsync(cancellationToken);
        return location ?? throw TenancyErrors.LocationNotFound(query.Identifier);
    }
}

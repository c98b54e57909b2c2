using Marketplace.Domain.Tenancy;

namespace Marketplace.Application.Tenancy;

public sealed record LocationDto(Guid Id, string Identifier, string Name, LocationType Type, Guid? CustomerId, Guid Version)
{
    public static LocationDto From(Location l) => new(l.Id, l.Identifier, l.Name, l.Type, l.CustomerId, l.Version);
}

public sealed record CustomerDto(Guid Id, string Identifier, string Name, IReadOnlyList<string> Admins, DateTimeOffset CreatedAt, Guid Version)
{
    public static CustomerDto From(Customer c) =>
        new(c.Id, c.Identifier, c.Name, c.Admins.Select(a => a.UserId).Order(StringComparer.Ordinal).ToList(), c.CreatedAt, c.Version);
}

public sealed record ProjectDto(
    Guid Id, Guid CustomerId, string Identifier, string Name, IReadOnlyList<string> Locations,
    IReadOnlyList<string> Members, DateTimeOffset CreatedAt, Guid Version)
{
    public static ProjectDto From(Project p) => new(
        p.Id, p.CustomerId, p.Identifier, p.Name,
        p.Locations.Select(l => l.LocationIdentifier).Order(StringComparer.Ordinal).ToList(),
        p.Members.Select(m => m.UserId).Order(StringComparer.Ordinal).ToList(),
        p.CreatedAt, p.Version);
}

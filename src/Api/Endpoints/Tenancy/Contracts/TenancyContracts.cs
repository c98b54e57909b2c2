using Marketplace.Application.Tenancy;
using Marketplace.Domain.Tenancy;

namespace Marketplace.Api.Endpoints.Tenancy.Contracts;

/// <summary>A new public location; <c>type</c> may be omitted or "public" (Global and private locations are built in).</summary>
internal sealed record CreateLocationRequest(string? Identifier, string? Name, string? Type);

internal sealed record LocationResponse(Guid Id, string Identifier, string Name, LocationType Type, Guid? CustomerId)
{
    public static LocationResponse From(LocationDto l) => new(l.Id, l.Identifier, l.Name, l.Type, l.CustomerId);
}

internal sealed record CreateCustomerRequest(string? Identifier, string? Name);

internal sealed record EditCustomerRequest(string? Name);

internal sealed record CustomerResponse(Guid Id, string Identifier, string Name, IReadOnlyList<string> Admins, DateTimeOffset CreatedAt)
{
    public static CustomerResponse From(CustomerDto c) => new(c.Id, c.Identifier, c.Name, c.Admins, c.CreatedAt);
}

internal sealed record CreateProjectRequest(string? Identifier, string? Name);

internal sealed record EditProjectRequest(string? Name);

internal sealed record ProjectResponse(
    Guid Id, Guid CustomerId, string Identifier, string Name, IReadOnlyList<string> Locations, IReadOnlyList<string> Members,
    DateTimeOffset CreatedAt)
{
    public static ProjectResponse From(ProjectDto p) =>
        new(p.Id, p.CustomerId, p.Identifier, p.Name, p.Locations, p.Members, p.CreatedAt);
}

using Marketplace.Application.Catalog;

namespace Marketplace.Api.Endpoints.Catalog.Contracts;

/// <summary>A connection's catalog and its status (B4, B7, X2).</summary>
internal sealed record CatalogResponse(
    IReadOnlyList<CatalogServiceResponse> Services, DateTimeOffset? LastRefreshedAt, string? LastError, DateTimeOffset? LastErrorAt,
    CatalogChangeResponse? LastChange)
{
    public static CatalogResponse From(CatalogDto c) => new(
        c.Services.Select(s => new CatalogServiceResponse(
            s.Id, s.BrokerServiceId, s.Name, s.Description, s.Active, s.Tags,
            s.Plans.Select(p => new CatalogPlanResponse(p.Id, p.BrokerPlanId, p.Name, p.Description, p.Active, p.Free, p.Bindable, p.Updateable))
                .ToList())).ToList(),
        c.LastRefreshedAt, c.LastError, c.LastErrorAt,
        c.LastChange is null ? null : new CatalogChangeResponse(
            c.LastChange.AddedCount, c.LastChange.UpdatedCount, c.LastChange.DeactivatedCount, c.LastChange.RemovedCount,
            c.LastChange.Added, c.LastChange.Updated, c.LastChange.Deactivated, c.LastChange.Removed));
}

internal sealed record CatalogServiceResponse(
    Guid Id, string BrokerServiceId, string Name, string Description, bool Active, IReadOnlyList<string> Tags,
    IReadOnlyList<CatalogPlanResponse> Plans);

internal sealed record CatalogPlanResponse(
    Guid Id, string BrokerPlanId, string Name, string Description, bool Active, bool Free, bool Bindable, bool Updateable);

/// <summary>What the last refresh changed: counts, and the names (<c>service</c> or <c>service/plan</c>).</summary>
internal sealed record CatalogChangeResponse(
    int AddedCount, int UpdatedCount, int DeactivatedCount, int RemovedCount,
    IReadOnlyList<string> Added, IReadOnlyList<string> Updated, IReadOnlyList<string> Deactivated, IReadOnlyList<string> Removed);

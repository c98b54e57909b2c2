using Marketplace.Domain.Catalog;

namespace Marketplace.Application.Catalog;

public sealed record CatalogDto(
    IReadOnlyList<CatalogServiceDto> Services, DateTimeOffset? LastRefreshedAt, string? LastError, DateTimeOffset? LastErrorAt,
    CatalogChange? LastChange)
{
    public static CatalogDto From(ConnectionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CatalogDto(
            catalog.Services.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new CatalogServiceDto(
                s.Id, s.BrokerServiceId, s.Name, s.Description, s.Active, s.Tags,
                s.Plans.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new CatalogPlanDto(
                    p.Id, p.BrokerPlanId, p.Name, p.Description, p.Active, p.Free,
                    PlanFlags.EffectiveBindable(p, s), PlanFlags.EffectivePlanUpdateable(p, s))).ToList())).ToList(),
            catalog.LastRefreshedAt, catalog.LastError, catalog.LastErrorAt, catalog.LastChange);
    }
}

public sealed record CatalogServiceDto(
    Guid Id, string BrokerServiceId, string Name, string Description, bool Active, IReadOnlyList<string> Tags,
    IReadOnlyList<CatalogPlanDto> Plans);

public sealed record CatalogPlanDto(
    Guid Id, string BrokerPlanId, string Name, string Description, bool Active, bool Free, bool Bindable, bool Updateable);

namespace Marketplace.Domain.Catalog;

/// <summary>
/// A broker's <c>GET /v2/catalog</c> answer as the parser accepted it (C16–C25): immutable, every value
/// kept whole (C25), JSON blobs (metadata, schemas) kept as the broker's raw text. Ids are the broker's.
/// Build it with <see cref="CatalogParser.Parse"/>; the records are public so tests and adapters can
/// compose one, and <see cref="ConnectionCatalog.Apply"/> refuses one with duplicate ids.
/// </summary>
public sealed record BrokerCatalog(IReadOnlyList<BrokerService> Services)
{
    public static BrokerCatalog Empty { get; } = new([]);
}

/// <summary>A service offering (C17, C21). Absent optional booleans are <c>false</c>, as the spec defaults them.</summary>
public sealed record BrokerService(
    string BrokerServiceId,
    string Name,
    string Description,
    bool Bindable,
    bool PlanUpdateable,
    bool InstancesRetrievable,
    bool BindingsRetrievable,
    bool AllowContextUpdates,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Requires,
    string? MetadataJson,
    IReadOnlyList<BrokerPlan> Plans);

/// <summary>
/// A service plan (C18, C22). <see cref="Bindable"/> and <see cref="PlanUpdateable"/> are <c>null</c> when
/// the broker left them out: the offering's value applies (C23, see <see cref="PlanFlags"/>).
/// <see cref="SchemasJson"/> is the raw <c>schemas</c> object.
/// </summary>
public sealed record BrokerPlan(
    string BrokerPlanId,
    string Name,
    string Description,
    bool Free = true,
    bool? Bindable = null,
    bool? PlanUpdateable = null,
    bool BindingRotatable = false,
    int? MaximumPollingDurationSeconds = null,
    string? MaintenanceInfoVersion = null,
    string? MaintenanceInfoDescription = null,
    string? SchemasJson = null,
    string? MetadataJson = null);

/// <summary>
/// The effective flags of a plan (C23): the plan's own <c>bindable</c> / <c>plan_updateable</c> win; when the
/// plan leaves one out, the offering's value applies.
/// </summary>
public static class PlanFlags
{
    public static bool EffectiveBindable(BrokerPlan plan, BrokerService service)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(service);
        return plan.Bindable ?? service.Bindable;
    }

    public static bool EffectivePlanUpdateable(BrokerPlan plan, BrokerService service)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(service);
        return plan.PlanUpdateable ?? service.PlanUpdateable;
    }

    public static bool EffectiveBindable(ServicePlan plan, ServiceOffering service)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(service);
        return plan.Bindable ?? service.Bindable;
    }

    /// <summary>
    /// I66, I73: whether the marketplace can bind the plan — bindable, and not a route service (those must be bound with
    /// <c>bind_resource.route</c>, and the marketplace has no routes to give).
    /// </summary>
    public static bool BindableByTheMarketplace(ServicePlan plan, ServiceOffering service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return EffectiveBindable(plan, service) && !service.Requires.Contains("route_forwarding", StringComparer.Ordinal);
    }

    public static bool EffectivePlanUpdateable(ServicePlan plan, ServiceOffering service)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(service);
        return plan.PlanUpdateable ?? service.PlanUpdateable;
    }
}

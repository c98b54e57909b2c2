namespace Marketplace.Domain.Catalog;

/// <summary>
/// A plan of a stored <see cref="ServiceOffering"/>. <see cref="Id"/> is the marketplace's own plan id
/// (API.md's <c>planId</c>), stable across refreshes; <see cref="BrokerPlanId"/> is the broker's id, the
/// only key used when diffing (C20). An inactive plan left the broker's catalog but still has instances:
/// they keep working, new provisions are refused (C27). Part of <see cref="ConnectionCatalog"/>; change
/// it only through the catalog.
/// </summary>
public sealed class ServicePlan
{
    private ServicePlan()
    {
        BrokerPlanId = string.Empty;
        Name = string.Empty;
        Description = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Our id of the offering this plan belongs to; a plan never moves to another offering (C26).</summary>
    public Guid ServiceOfferingId { get; private set; }

    public string BrokerPlanId { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public bool Free { get; private set; }

    /// <summary>The plan's own value; <c>null</c> inherits the offering's (C23, <see cref="PlanFlags"/>).</summary>
    public bool? Bindable { get; private set; }

    /// <summary>The plan's own value; <c>null</c> inherits the offering's (C23, <see cref="PlanFlags"/>).</summary>
    public bool? PlanUpdateable { get; private set; }

    public bool BindingRotatable { get; private set; }

    public int? MaximumPollingDurationSeconds { get; private set; }

    public string? MaintenanceInfoVersion { get; private set; }

    public string? MaintenanceInfoDescription { get; private set; }

    /// <summary>The broker's raw <c>schemas</c> object.</summary>
    public string? SchemasJson { get; private set; }

    public string? MetadataJson { get; private set; }

    public bool Active { get; private set; }

    internal static ServicePlan Create(Guid serviceOfferingId, BrokerPlan plan)
    {
        var created = new ServicePlan { Id = Guid.NewGuid(), ServiceOfferingId = serviceOfferingId, BrokerPlanId = plan.BrokerPlanId };
        created.UpdateFrom(plan);
        return created;
    }

    /// <summary>Takes the broker's current values and becomes active; answers whether anything changed.</summary>
    internal bool UpdateFrom(BrokerPlan plan)
    {
        var changed = !Active
            || Name != plan.Name
            || Description != plan.Description
            || Free != plan.Free
            || Bindable != plan.Bindable
            || PlanUpdateable != plan.PlanUpdateable
            || BindingRotatable != plan.BindingRotatable
            || MaximumPollingDurationSeconds != plan.MaximumPollingDurationSeconds
            || MaintenanceInfoVersion != plan.MaintenanceInfoVersion
            || MaintenanceInfoDescription != plan.MaintenanceInfoDescription
            || !CatalogJson.SameJson(SchemasJson, plan.SchemasJson)
            || !CatalogJson.SameJson(MetadataJson, plan.MetadataJson);
        if (!changed)
        {
            return false;
        }

        Name = plan.Name;
        Description = plan.Description;
        Free = plan.Free;
        Bindable = plan.Bindable;
        PlanUpdateable = plan.PlanUpdateable;
        BindingRotatable = plan.BindingRotatable;
        MaximumPollingDurationSeconds = plan.MaximumPollingDurationSeconds;
        MaintenanceInfoVersion = plan.MaintenanceInfoVersion;
        MaintenanceInfoDescription = plan.MaintenanceInfoDescription;
        SchemasJson = plan.SchemasJson;
        MetadataJson = plan.MetadataJson;
        Active = true;
        return true;
    }

    /// <summary>Answers whether the plan was active until now.</summary>
    internal bool Deactivate()
    {
        var wasActive = Active;
        Active = false;
        return wasActive;
    }
}

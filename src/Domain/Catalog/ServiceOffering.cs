namespace Marketplace.Domain.Catalog;

/// <summary>
/// A service offering of a stored <see cref="ConnectionCatalog"/>. <see cref="Id"/> is the marketplace's own
/// service id (API.md's <c>serviceId</c>), stable across refreshes and renames; <see cref="BrokerServiceId"/>
/// is the broker's id, the only key used when diffing (C20). An inactive offering left the broker's catalog
/// but keeps plans that still have instances (C27). Part of the catalog aggregate; change it only through it.
/// </summary>
public sealed class ServiceOffering
{
    private readonly List<ServicePlan> _plans = [];

    private ServiceOffering()
    {
        BrokerServiceId = string.Empty;
        Name = string.Empty;
        Description = string.Empty;
        Tags = [];
        Requires = [];
    }

    public Guid Id { get; private set; }

    public string BrokerServiceId { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public bool Bindable { get; private set; }

    public bool PlanUpdateable { get; private set; }

    public bool InstancesRetrievable { get; private set; }

    public bool BindingsRetrievable { get; private set; }

    public bool AllowContextUpdates { get; private set; }

    public IReadOnlyList<string> Tags { get; private set; }

    public IReadOnlyList<string> Requires { get; private set; }

    /// <summary>The broker's raw <c>metadata</c> object.</summary>
    public string? MetadataJson { get; private set; }

    public bool Active { get; private set; }

    public IReadOnlyCollection<ServicePlan> Plans => _plans.AsReadOnly();

    public ServicePlan? FindPlan(Guid planId) => _plans.Find(p => p.Id == planId);

    internal static ServiceOffering Create(BrokerService service)
    {
        var created = new ServiceOffering { Id = Guid.NewGuid(), BrokerServiceId = service.BrokerServiceId };
        created.UpdateFrom(service);
        foreach (var plan in service.Plans)
        {
            created.AddPlan(plan);
        }

        return created;
    }

    /// <summary>Takes the broker's current values (not the plans) and becomes active; answers whether anything changed.</summary>
    internal bool UpdateFrom(BrokerService service)
    {
        var changed = !Active
            || Name != service.Name
            || Description != service.Description
            || Bindable != service.Bindable
            || PlanUpdateable != service.PlanUpdateable
            || InstancesRetrievable != service.InstancesRetrievable
            || BindingsRetrievable != service.BindingsRetrievable
            || AllowContextUpdates != service.AllowContextUpdates
            || !CatalogJson.SameStrings(Tags, service.Tags)
            || !CatalogJson.SameStrings(Requires, service.Requires)
            || !CatalogJson.SameJson(MetadataJson, service.MetadataJson);
        if (!changed)
        {
            return false;
        }

        Name = service.Name;
        Description = service.Description;
        Bindable = service.Bindable;
        PlanUpdateable = service.PlanUpdateable;
        InstancesRetrievable = service.InstancesRetrievable;
        BindingsRetrievable = service.BindingsRetrievable;
        AllowContextUpdates = service.AllowContextUpdates;
        Tags = [.. service.Tags];
        Requires = [.. service.Requires];
        MetadataJson = service.MetadataJson;
        Active = true;
        return true;
    }

    internal ServicePlan AddPlan(BrokerPlan plan)
    {
        var created = ServicePlan.Create(Id, plan);
        _plans.Add(created);
        return created;
    }

    internal void RemovePlan(ServicePlan plan) => _plans.Remove(plan);

    /// <summary>Answers whether the offering was active until now.</summary>
    internal bool Deactivate()
    {
        var wasActive = Active;
        Active = false;
        return wasActive;
    }
}

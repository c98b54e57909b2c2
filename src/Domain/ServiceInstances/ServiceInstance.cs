using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances;

/// <summary>
/// A service instance of a project (M3, M4). For now only what catalog refreshes need to know — which plans
/// have instances (O4); provisioning, operations and bindings grow here with the instances issue.
/// </summary>
public sealed class ServiceInstance : AggregateRoot
{
    private ServiceInstance()
    {
        Name = string.Empty;
    }

    public Guid ProjectId { get; private set; }

    /// <summary>The marketplace's id of the service offering (one catalog entry of one connection).</summary>
    public Guid ServiceId { get; private set; }

    /// <summary>The marketplace's id of the plan.</summary>
    public Guid PlanId { get; private set; }

    public string Name { get; private set; }

    public ServiceInstanceState State { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ServiceInstance Provision(Guid projectId, Guid serviceId, Guid planId, string name, DateTimeOffset now)
    {
        CheckRule(new NameMustNotBeEmptyRule(name, "instance"));
        return new ServiceInstance
        {
            ProjectId = projectId, ServiceId = serviceId, PlanId = planId, Name = name.Trim(), State = ServiceInstanceState.Creating,
            CreatedAt = now,
        };
    }
}

using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// Loads a project's instance (or binding) for a member's change, with what its broker requests need. The caller's
/// membership was checked before (the request is an <see cref="Common.Security.IProjectMemberRequest"/>).
/// </summary>
public sealed class ProjectInstances(
    ICurrentUser user,
    IServiceInstanceRepository instances,
    IServiceBindingRepository bindings,
    ICatalogRepository catalogs,
    IReadStore store,
    OperationSchedule schedule)
{
    public string UserId => user.UserId;

    public async Task<ServiceInstance> LoadAsync(Guid projectId, Guid instanceId, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(instanceId, cancellationToken);
        if (instance is null || instance.ProjectId != projectId)
        {
            throw InstanceErrors.InstanceNotFound(instanceId);
        }

        ConcurrencyException.ThrowIfStale(expectedVersion, instance.Version);
        return instance;
    }

    public async Task<(ServiceInstance Instance, ServiceBinding Binding)> LoadBindingAsync(
        Guid projectId, Guid instanceId, Guid bindingId, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        var instance = await LoadAsync(projectId, instanceId, null, cancellationToken);
        var binding = await bindings.FindAsync(bindingId, cancellationToken);
        if (binding is null || binding.InstanceId != instanceId)
        {
            throw InstanceErrors.BindingNotFound(bindingId);
        }

        ConcurrencyException.ThrowIfStale(expectedVersion, binding.Version);
        return (instance, binding);
    }

    /// <summary>The instance's offering and current plan in its connection's catalog (kept, inactive, while instances use them).</summary>
    public async Task<(ServiceOffering Service, ServicePlan Plan)> OfferingOfAsync(ServiceInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var catalog = await catalogs.FindAsync(instance.BrokerId, instance.PublicationId, cancellationToken);
        var service = catalog?.FindService(instance.ServiceId) ?? throw InstanceErrors.ServiceNotFound(instance.ServiceId);
        var plan = service.FindPlan(instance.PlanId) ?? throw InstanceErrors.PlanNotFound(instance.PlanId);
        return (service, plan);
    }

    /// <summary>
    /// When an operation on the instance that starts now gives up (D38): by its plan's <c>maximum_polling_duration</c>,
    /// or the platform's limit when the plan is gone (a refresh that raced the provision) — deleting never needs the catalog.
    /// </summary>
    public async Task<DateTimeOffset> DeadlineForAsync(ServiceInstance instance, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var planSeconds = await store.Plans.Where(p => p.Id == instance.PlanId).Select(p => p.MaximumPollingDurationSeconds).FirstOrDefaultAsync(cancellationToken);
        return schedule.DeadlineFor(now, planSeconds);
    }

    /// <summary>What the broker requests say about the instance's customer and project (one read, no aggregate loaded).</summary>
    public async Task<OsbTenant> TenantOfAsync(Guid projectId, CancellationToken cancellationToken) =>
        await store.Projects.Where(p => p.Id == projectId)
            .Join(store.Customers, p => p.CustomerId, c => c.Id, (p, c) => new OsbTenant(c.Id, c.Identifier, c.Name, p.Id, p.Identifier, p.Name))
            .FirstOrDefaultAsync(cancellationToken)
        ?? throw new InvalidOperationException("The project vanished.");
}

using Marketplace.Domain.Auditing;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;

namespace Marketplace.Application.Common.Ports;

/// <summary>
/// Read side for queries: untracked <see cref="IQueryable{T}"/>s that queries project straight to DTOs.
/// Commands never use it to change anything (an architecture test guards that).
/// </summary>
public interface IReadStore
{
    IQueryable<Location> Locations { get; }

    IQueryable<Customer> Customers { get; }

    IQueryable<Project> Projects { get; }

    IQueryable<ServiceBroker> Brokers { get; }

    IQueryable<Publication> Publications { get; }

    IQueryable<ConnectionCatalog> Catalogs { get; }

    IQueryable<ServiceOffering> Services { get; }

    IQueryable<ServicePlan> Plans { get; }

    IQueryable<ServiceInstance> Instances { get; }

    IQueryable<ServiceBinding> Bindings { get; }

    IQueryable<BrokerOperation> Operations { get; }

    IQueryable<AuditEntry> AuditEntries { get; }

    IQueryable<ConnectionHealth> ConnectionHealth { get; }
}

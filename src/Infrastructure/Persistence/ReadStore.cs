using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Auditing;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Persistence;

internal sealed class ReadStore(MarketplaceDbContext db) : IReadStore
{
    public IQueryable<Location> Locations => db.Locations.AsNoTracking();

    public IQueryable<Customer> Customers => db.Customers.AsNoTracking();

    public IQueryable<Project> Projects => db.Projects.AsNoTracking();

    public IQueryable<ServiceBroker> Brokers => db.ServiceBrokers.AsNoTracking();

    public IQueryable<Publication> Publications => db.Publications.AsNoTracking();

    public IQueryable<ConnectionCatalog> Catalogs => db.ConnectionCatalogs.AsNoTracking();

    public IQueryable<ServiceOffering> Services => db.ServiceOfferings.AsNoTracking();

    public IQueryable<ServicePlan> Plans => db.ServicePlans.AsNoTracking();

    public IQueryable<ServiceInstance> Instances => db.ServiceInstances.AsNoTracking();

    public IQueryable<ServiceBinding> Bindings => db.ServiceBindings.AsNoTracking();

    public IQueryable<BrokerOperation> Operations => db.BrokerOperations.AsNoTracking();

    public IQueryable<AuditEntry> AuditEntries => db.AuditEntries.AsNoTracking();

    public IQueryable<ConnectionHealth> ConnectionHealth => db.ConnectionHealth.AsNoTracking();
}

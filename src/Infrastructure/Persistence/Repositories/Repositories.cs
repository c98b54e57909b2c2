using Marketplace.Application.Common.Ports;
using Marketplace.Infrastructure.BrokerWork;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Persistence.Repositories;

internal sealed class LocationRepository(MarketplaceDbContext db) : ILocationRepository
{
    public Task<Location?> FindByIdentifierAsync(string identifier, CancellationToken cancellationToken) =>
        db.Locations.FirstOrDefaultAsync(l => l.Identifier == identifier, cancellationToken);

    public Task<bool> IdentifierExistsAsync(string identifier, CancellationToken cancellationToken) =>
        db.Locations.AnyAsync(l => l.Identifier == identifier, cancellationToken);

    public void Add(Location location) => db.Locations.Add(location);
}

internal sealed class CustomerRepository(MarketplaceDbContext db) : ICustomerRepository
{
    public Task<Customer?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Customers.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<bool> IdentifierExistsAsync(string identifier, CancellationToken cancellationToken) =>
        db.Customers.AnyAsync(c => c.Identifier == identifier, cancellationToken);

    public void Add(Customer customer) => db.Customers.Add(customer);
}

internal sealed class ProjectRepository(MarketplaceDbContext db) : IProjectRepository
{
    public Task<Project?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Projects.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public Task<bool> IdentifierExistsAsync(Guid customerId, string identifier, CancellationToken cancellationToken) =>
        db.Projects.AnyAsync(p => p.CustomerId == customerId && p.Identifier == identifier, cancellationToken);

    public void Add(Project project) => db.Projects.Add(project);
}

internal sealed class ServiceBrokerRepository(MarketplaceDbContext db) : IServiceBrokerRepository
{
    public Task<ServiceBroker?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.ServiceBrokers.Include(b => b.Publications).FirstOrDefaultAsync(b => b.Id == id, cancellationToken);

    public Task<ServiceBroker?> FindByPublicationAsync(Guid publicationId, CancellationToken cancellationToken) =>
        db.ServiceBrokers.Include(b => b.Publications)
            .FirstOrDefaultAsync(b => b.Publications.Any(p => p.Id == publicationId), cancellationToken);

    public Task<bool> IdentifierExistsAsync(string identifier, CancellationToken cancellationToken) =>
        db.ServiceBrokers.AnyAsync(b => b.Identifier == identifier, cancellationToken);

    public void Add(ServiceBroker broker) => db.ServiceBrokers.Add(broker);

    public void Remove(ServiceBroker broker) => db.ServiceBrokers.Remove(broker);
}

internal sealed class CatalogRepository(MarketplaceDbContext db, DatabaseWriteGate writes, BrokerWorkSignal signal, NewCatalogs newCatalogs) : ICatalogRepository
{
    public async Task<bool> RequestRefreshAsync(Guid brokerId, Guid? publicationId, string? requestedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The newest request wins: one that arrives while a refresh runs stays pending, so the catalog is fetched again after it.
        int requested;
        using (await writes.EnterAsync(cancellationToken))
        {
            requested = await db.ConnectionCatalogs
            .Where(c => c.BrokerId == brokerId && c.PublicationId == publicationId)
            .ExecuteUpdateAsync(
                c => c.SetProperty(x => x.RefreshRequestedAt, now).SetProperty(x => x.RefreshRequestedBy, requestedBy),
                cancellationToken);
        }

        signal.Wake();
        return requested > 0;
    }

    public Task<ConnectionCatalog?> FindAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken) =>
        db.ConnectionCatalogs
            .Include(c => c.Services).ThenInclude(s => s.Plans)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.BrokerId == brokerId && c.PublicationId == publicationId, cancellationToken);

    public Task<ConnectionCatalog?> FindWithoutEntriesAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken) =>
        db.ConnectionCatalogs.FirstOrDefaultAsync(c => c.BrokerId == brokerId && c.PublicationId == publicationId, cancellationToken);

    public Task<bool> HasInactiveEntriesAsync(Guid catalogId, CancellationToken cancellationToken) =>
        db.ServiceOfferings.AsNoTracking()
            .Where(o => EF.Property<Guid>(o, "ConnectionCatalogId") == catalogId)
            .AnyAsync(o => !o.Active || o.Plans.Any(p => !p.Active), cancellationToken);

    /// <summary>
    /// EF tracks the new catalog's root only (setting the state does not walk the graph); its services and plans are
    /// written by the unit of work's bulk insert from the aggregate (<see cref="NewCatalogs"/>, ADR 0009).
    /// </summary>
    public void Add(ConnectionCatalog catalog)
    {
        db.Entry(catalog).State = EntityState.Added;
        newCatalogs.Pending.Add(catalog);
    }

    public void Remove(ConnectionCatalog catalog) => db.ConnectionCatalogs.Remove(catalog);
}

internal sealed class ConnectionHealthRepository(MarketplaceDbContext db) : IConnectionHealthRepository
{
    public Task<ConnectionHealth?> FindAsync(Guid connectionId, CancellationToken cancellationToken) =>
        db.ConnectionHealth.FirstOrDefaultAsync(h => h.Id == connectionId, cancellationToken);

    public void Add(ConnectionHealth health) => db.ConnectionHealth.Add(health);

    public void Remove(ConnectionHealth health) => db.ConnectionHealth.Remove(health);
}

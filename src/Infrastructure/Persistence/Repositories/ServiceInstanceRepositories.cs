using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Auditing;
using Marketplace.Domain.ServiceInstances;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Persistence.Repositories;

internal sealed class ServiceInstanceRepository(MarketplaceDbContext db) : IServiceInstanceRepository
{
    public Task<ServiceInstance?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.ServiceInstances.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);

    public async Task<IReadOnlyList<ServiceInstance>> ForBrokerAsync(Guid brokerId, CancellationToken cancellationToken) =>
        await db.ServiceInstances.Where(i => i.BrokerId == brokerId).ToListAsync(cancellationToken);

    public void Add(ServiceInstance instance) => db.ServiceInstances.Add(instance);

    public void Remove(ServiceInstance instance) => db.ServiceInstances.Remove(instance);
}

internal sealed class ServiceBindingRepository(MarketplaceDbContext db) : IServiceBindingRepository
{
    public Task<ServiceBinding?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.ServiceBindings.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);

    public async Task<IReadOnlyList<ServiceBinding>> ForInstanceAsync(Guid instanceId, CancellationToken cancellationToken) =>
        await db.ServiceBindings.Where(b => b.InstanceId == instanceId).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ServiceBinding>> ForInstancesAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken cancellationToken) =>
        await db.ServiceBindings.Where(b => instanceIds.Contains(b.InstanceId)).ToListAsync(cancellationToken);

    public void Add(ServiceBinding binding) => db.ServiceBindings.Add(binding);

    public void Remove(ServiceBinding binding) => db.ServiceBindings.Remove(binding);
}

internal sealed class BrokerOperationRepository(MarketplaceDbContext db) : IBrokerOperationRepository
{
    public Task<BrokerOperation?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.BrokerOperations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<BrokerOperation?> FindClaimedAsync(OperationClaim claim, CancellationToken cancellationToken) =>
        db.BrokerOperations.HeldBy(claim).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<BrokerOperation>> ForInstanceAsync(Guid instanceId, CancellationToken cancellationToken) =>
        await db.BrokerOperations.Where(o => o.InstanceId == instanceId).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<BrokerOperation>> ForBrokerAsync(Guid brokerId, CancellationToken cancellationToken) =>
        await db.BrokerOperations.Where(o => o.BrokerId == brokerId).ToListAsync(cancellationToken);

    public void Add(BrokerOperation operation) => db.BrokerOperations.Add(operation);

    public void Remove(BrokerOperation operation) => db.BrokerOperations.Remove(operation);
}

internal sealed class AuditTrail(MarketplaceDbContext db) : IAuditTrail
{
    public void Record(AuditEntry entry) => db.AuditEntries.Add(entry);
}


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

/// <summary>Claims with single conditional updates: no read-then-write race between workers or nodes.</summary>
internal sealed class OperationClaims(MarketplaceDbContext db) : IOperationClaims
{
    public async Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await db.BrokerOperations.AsNoTracking()
            .Where(o => o.NextAttemptAt <= now && (o.ClaimedUntil == null || o.ClaimedUntil < now))
            .OrderBy(o => o.NextAttemptAt)
            .Select(o => o.Id)
            .Take(max)
            .ToListAsync(cancellationToken);

    public async Task<bool> TryClaimAsync(Guid operationId, Guid claimToken, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await db.BrokerOperations
            .Where(o => o.Id == operationId && (o.ClaimedUntil == null || o.ClaimedUntil < now || o.ClaimToken == claimToken))
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.ClaimToken, claimToken).SetProperty(x => x.ClaimedUntil, until), cancellationToken) == 1;

    public Task RecordStepFailureAsync(
        Guid operationId, Guid claimToken, string failure, DateTimeOffset now, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        db.BrokerOperations.Where(o => o.Id == operationId && o.ClaimToken == claimToken)
            .ExecuteUpdateAsync(
                o => o.SetProperty(x => x.Attempts, x => x.Attempts + 1)
                    .SetProperty(x => x.LastError, failure)
                    .SetProperty(x => x.LastErrorAt, now)
                    .SetProperty(x => x.NextAttemptAt, nextAttemptAt)
                    .SetProperty(x => x.ClaimToken, (Guid?)null)
                    .SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null),
                cancellationToken);

    public Task ReleaseAsync(Guid operationId, Guid claimToken, CancellationToken cancellationToken) =>
        db.BrokerOperations.Where(o => o.Id == operationId && o.ClaimToken == claimToken)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.ClaimToken, (Guid?)null).SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
}

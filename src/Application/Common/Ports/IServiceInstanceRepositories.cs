using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.Common.Ports;

public interface IServiceInstanceRepository
{
    Task<ServiceInstance?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceInstance>> ForBrokerAsync(Guid brokerId, CancellationToken cancellationToken);

    void Add(ServiceInstance instance);

    void Remove(ServiceInstance instance);
}

public interface IServiceBindingRepository
{
    Task<ServiceBinding?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceBinding>> ForInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceBinding>> ForInstancesAsync(IReadOnlyCollection<Guid> instanceIds, CancellationToken cancellationToken);

    void Add(ServiceBinding binding);

    void Remove(ServiceBinding binding);
}

public interface IBrokerOperationRepository
{
    Task<BrokerOperation?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every operation of the instance and of its bindings.</summary>
    Task<IReadOnlyList<BrokerOperation>> ForInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BrokerOperation>> ForBrokerAsync(Guid brokerId, CancellationToken cancellationToken);

    void Add(BrokerOperation operation);

    void Remove(BrokerOperation operation);
}

/// <summary>
/// Claims due operations with conditional updates, so one step runs on one worker of one node at a time.
/// A claim expires by itself, which is how a crashed worker's operation is resumed.
/// </summary>
public interface IOperationClaims
{
    /// <summary>Up to <paramref name="max"/> operations due at <paramref name="now"/> and not claimed, oldest due first.</summary>
    Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Takes (or, holding <paramref name="claimToken"/>, extends) the claim; false when another worker holds it.</summary>
    Task<bool> TryClaimAsync(Guid operationId, Guid claimToken, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    Task ReleaseAsync(Guid operationId, Guid claimToken, CancellationToken cancellationToken);

    /// <summary>
    /// A step failed inside the marketplace: counts the attempt, records <paramref name="failure"/>, schedules the next
    /// attempt and releases the claim — with one statement, whatever state the failed unit of work left behind.
    /// </summary>
    Task RecordStepFailureAsync(
        Guid operationId, Guid claimToken, string failure, DateTimeOffset now, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);
}

/// <summary>Appends to the audit trail; saved with the command's other changes.</summary>
public interface IAuditTrail
{
    void Record(Domain.Auditing.AuditEntry entry);
}

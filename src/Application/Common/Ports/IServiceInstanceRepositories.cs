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

    /// <summary>The operation <paramref name="claim"/> holds, if it still does (found through the claim's index, with no read of its id first).</summary>
    Task<BrokerOperation?> FindClaimedAsync(OperationClaim claim, CancellationToken cancellationToken);

    /// <summary>Every operation of the instance and of its bindings.</summary>
    Task<IReadOnlyList<BrokerOperation>> ForInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BrokerOperation>> ForBrokerAsync(Guid brokerId, CancellationToken cancellationToken);

    void Add(BrokerOperation operation);

    void Remove(BrokerOperation operation);
}

/// <summary>A worker's claim on one operation of a connection: its token, held until <see cref="Until"/>.</summary>
public sealed record OperationClaim(Guid ConnectionId, Guid Token, DateTimeOffset Until);

/// <summary>
/// What a worker does with its claim on an operation besides saving a step (<see cref="IUnitOfWork.SaveClaimedStepAsync"/>).
/// Claims are taken by the broker work dispatcher with conditional updates, so one step runs on one worker of one node
/// at a time; a claim expires by itself, which is how a crashed worker's operation is resumed.
/// </summary>
public interface IOperationClaims
{
    Task ReleaseAsync(Guid operationId, Guid claimToken, CancellationToken cancellationToken);

    Task ReleaseAsync(OperationClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// A step failed inside the marketplace: counts the failure, records <paramref name="failure"/>, schedules the next
    /// attempt and releases the claim — with one statement, whatever state the failed unit of work left behind.
    /// </summary>
    Task RecordStepFailureAsync(
        Guid operationId, Guid claimToken, string failure, DateTimeOffset now, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>As above, for a claim whose operation could not even be read.</summary>
    Task RecordStepFailureAsync(OperationClaim claim, string failure, DateTimeOffset now, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);
}

/// <summary>Appends to the audit trail; saved with the command's other changes.</summary>
public interface IAuditTrail
{
    void Record(Domain.Auditing.AuditEntry entry);
}

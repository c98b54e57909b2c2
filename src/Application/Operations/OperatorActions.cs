using Marketplace.Application.Brokers;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.ServiceInstances;
using Marketplace.Domain.Auditing;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.Operations;

/// <summary>
/// X4: loads an operation of a broker for its owners or a platform admin, and audits what they do with it.
/// </summary>
public sealed class OperatorActions(
    BrokerOwnership ownership,
    IServiceBrokerRepository brokers,
    IBrokerOperationRepository operations,
    IAuditTrail audit,
    TenantAccess access,
    TimeProvider clock)
{
    public async Task<BrokerOperation> LoadAsync(Guid brokerId, Guid operationId, CancellationToken cancellationToken)
    {
        await ownership.RequireReaderAsync(brokerId, cancellationToken);
        var operation = await operations.FindAsync(operationId, cancellationToken);
        return operation is null || operation.BrokerId != brokerId ? throw InstanceErrors.OperationNotFound(operationId) : operation;
    }

    public async Task AuditAsync(Guid brokerId, string action, BrokerOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var broker = await brokers.FindAsync(brokerId, cancellationToken);
        var target = operation.BindingId is { } bindingId ? $"binding/{bindingId}" : $"instance/{operation.InstanceId}";
        audit.Record(AuditEntry.Record(
            clock.GetUtcNow(), access.User.UserId, broker?.CustomerId, action, target,
            $"{operation.Type} operation {operation.Id} at step {operation.Step}; last error: {operation.LastError ?? "none"}"));
    }
}

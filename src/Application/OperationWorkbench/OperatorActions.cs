using Marketplace.Application.Brokers;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.ServiceInstances;
using Marketplace.Domain.Auditing;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.OperationWorkbench;

/// <summary>
/// X4: loads an operation of a broker for its owners or a platform admin (checked before, the requests being
/// <see cref="IBrokerOperatorRequest"/>s), and audits what they do with it.
/// </summary>
public sealed class OperatorActions(
    BrokerOwnership ownership,
    IBrokerOperationRepository operations,
    IAuditTrail audit,
    TenantAccess access,
    TimeProvider clock)
{
    public async Task<OperatorTarget> LoadAsync(Guid brokerId, Guid operationId, CancellationToken cancellationToken)
    {
        var customerId = await ownership.CustomerOfAsync(brokerId, cancellationToken);
        var operation = await operations.FindAsync(operationId, cancellationToken);
        return operation is null || operation.BrokerId != brokerId
            ? throw InstanceErrors.OperationNotFound(operationId)
            : new OperatorTarget(operation, customerId);
    }

    public void Audit(OperatorTarget target, string action)
    {
        ArgumentNullException.ThrowIfNull(target);
        var operation = target.Operation;
        var resource = operation.BindingId is { } bindingId ? $"binding/{bindingId}" : $"instance/{operation.InstanceId}";
        audit.Record(AuditEntry.Record(
            clock.GetUtcNow(), access.User.UserId, target.CustomerId, action, resource,
            $"{operation.Type} operation {operation.Id} at step {operation.Step}; last error: {operation.LastError ?? "none"}"));
    }
}

/// <summary>An operation an operator acts on, with the customer whose audit trail records it.</summary>
public sealed record OperatorTarget(BrokerOperation Operation, Guid CustomerId);

using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.OperationWorkbench;

/// <summary>X4: an operation in flight on one of a broker's instances or bindings, as owners and operators see it.</summary>
public sealed record OperationDto(
    Guid Id,
    Guid InstanceId,
    Guid? BindingId,
    OperationType Type,
    OperationStep Step,
    string? OperationToken,
    DateTimeOffset StartedAt,
    DateTimeOffset Deadline,
    DateTimeOffset NextAttemptAt,
    int Attempts,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    bool Stuck)
{
    public static OperationDto From(BrokerOperation operation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new OperationDto(
            operation.Id, operation.InstanceId, operation.BindingId, operation.Type, operation.Step, operation.OperationToken,
            operation.StartedAt, operation.Deadline, operation.NextAttemptAt, operation.Attempts, operation.LastError, operation.LastErrorAt,
            operation.IsPastDeadline(now));
    }
}

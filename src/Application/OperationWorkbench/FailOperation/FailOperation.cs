using Marketplace.Application.Common.Security;
using Marketplace.Application.Common.Ports;
using Mediator;

namespace Marketplace.Application.OperationWorkbench.FailOperation;

/// <summary>
/// X4: end an operation as failed without calling the broker (a create becomes <c>failed</c>, an update or delete
/// returns to <c>ready</c>). No orphan mitigation follows: the operator decided. Audited.
/// </summary>
public sealed record FailOperationCommand(Guid BrokerId, Guid OperationId) : ICommand, IBrokerOperatorRequest;

public sealed class FailOperationHandler(
    OperatorActions actions,
    IServiceInstanceRepository instances,
    IServiceBindingRepository bindings,
    TimeProvider clock) : ICommandHandler<FailOperationCommand>
{
    public async ValueTask<Unit> Handle(FailOperationCommand command, CancellationToken cancellationToken)
    {
        var target = await actions.LoadAsync(command.BrokerId, command.OperationId, cancellationToken);
        var operation = target.Operation;
        var now = clock.GetUtcNow();
        const string reason = "An operator marked the operation as failed.";
        if (operation.BindingId is { } bindingId)
        {
            (await bindings.FindAsync(bindingId, cancellationToken))?.FailByOperator(reason, now);
        }
        else
        {
            (await instances.FindAsync(operation.InstanceId, cancellationToken))?.FailByOperator(reason, now);
        }

        operation.Supersede(now); // ends without another broker call, once a call still in flight has returned
        actions.Audit(target, "operation.failed");
        return Unit.Value;
    }
}

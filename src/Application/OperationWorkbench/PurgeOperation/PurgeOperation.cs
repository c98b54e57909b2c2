using Marketplace.Application.Common.Security;
using Marketplace.Application.Common.Ports;
using Mediator;

namespace Marketplace.Application.OperationWorkbench.PurgeOperation;

/// <summary>
/// X4: remove the operation's record — the binding, or the instance with its bindings and their operations —
/// without calling the broker (like Cloud Foundry's purge). For records the broker has long forgotten. Audited.
/// </summary>
public sealed record PurgeOperationCommand(Guid BrokerId, Guid OperationId) : ICommand, IBrokerOperatorRequest;

public sealed class PurgeOperationHandler(
    OperatorActions actions,
    IBrokerOperationRepository operations,
    IServiceInstanceRepository instances,
    IServiceBindingRepository bindings) : ICommandHandler<PurgeOperationCommand>
{
    public async ValueTask<Unit> Handle(PurgeOperationCommand command, CancellationToken cancellationToken)
    {
        var target = await actions.LoadAsync(command.BrokerId, command.OperationId, cancellationToken);
        var operation = target.Operation;
        if (operation.BindingId is { } bindingId)
        {
            if (await bindings.FindAsync(bindingId, cancellationToken) is { } binding)
            {
                bindings.Remove(binding);
            }

            operations.Remove(operation);
        }
        else
        {
            foreach (var other in await operations.ForInstanceAsync(operation.InstanceId, cancellationToken))
            {
                operations.Remove(other);
            }

            foreach (var binding in await bindings.ForInstanceAsync(operation.InstanceId, cancellationToken))
            {
                bindings.Remove(binding);
            }

            if (await instances.FindAsync(operation.InstanceId, cancellationToken) is { } instance)
            {
                instances.Remove(instance);
            }
        }

        actions.Audit(target, "operation.purged");
        return Unit.Value;
    }
}

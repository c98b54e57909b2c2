using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.OperationWorkbench.RepollOperation;

/// <summary>X4: run the operation's next step (a poll, a retry) now instead of at its scheduled time. Audited.</summary>
public sealed record RepollOperationCommand(Guid BrokerId, Guid OperationId) : ICommand<OperationDto>, IBrokerOperatorRequest;

public sealed class RepollOperationHandler(OperatorActions actions, TimeProvider clock) : ICommandHandler<RepollOperationCommand, OperationDto>
{
    public async ValueTask<OperationDto> Handle(RepollOperationCommand command, CancellationToken cancellationToken)
    {
        var target = await actions.LoadAsync(command.BrokerId, command.OperationId, cancellationToken);
        var operation = target.Operation;
        var now = clock.GetUtcNow();
        operation.DueNow(now);
        actions.Audit(target, "operation.repolled");
        return OperationDto.From(operation, now);
    }
}

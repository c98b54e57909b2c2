using Marketplace.Application.Common.Ports;
using Marketplace.Application.ServiceInstances.Operations;
using Marketplace.Domain.ServiceInstances;
using Mediator;

namespace Marketplace.Application.ServiceInstances.DeleteBinding;

/// <summary>M5: unbind in the background; allowed during the bind (K81), which it supersedes.</summary>
public sealed record DeleteBindingCommand(Guid ProjectId, Guid InstanceId, Guid BindingId, Guid? ExpectedVersion) : ICommand<ServiceBindingDto>;

public sealed class DeleteBindingHandler(
    ProjectInstances projectInstances,
    IBrokerOperationRepository operations,
    BindingView view,
    OperationTiming timing,
    TimeProvider clock) : ICommandHandler<DeleteBindingCommand, ServiceBindingDto>
{
    public async ValueTask<ServiceBindingDto> Handle(DeleteBindingCommand command, CancellationToken cancellationToken)
    {
        var (instance, binding) = await projectInstances.LoadBindingAsync(
            command.ProjectId, command.InstanceId, command.BindingId, command.ExpectedVersion, cancellationToken);
        var now = clock.GetUtcNow();
        binding.StartUnbind(now);
        foreach (var superseded in (await operations.ForInstanceAsync(instance.Id, cancellationToken)).Where(o => o.BindingId == binding.Id))
        {
            operations.Remove(superseded);
        }

        var (_, plan) = await projectInstances.OfferingOfAsync(instance, cancellationToken);
        operations.Add(BrokerOperation.Start(
            instance, binding, OperationType.Unbind, OperationStep.Request, null, projectInstances.UserId, now,
            timing.DeadlineFor(now, plan.MaximumPollingDurationSeconds)));
        return view.ToDto(binding, withCredentials: false);
    }
}

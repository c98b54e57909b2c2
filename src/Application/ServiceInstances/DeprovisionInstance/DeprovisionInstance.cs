using Marketplace.Application.Common.Ports;
using Marketplace.Application.ServiceInstances.Operations;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.ServiceInstances.Rules;
using Marketplace.Domain.SharedKernel;
using Mediator;

namespace Marketplace.Application.ServiceInstances.DeprovisionInstance;

/// <summary>
/// M6: deprovision in the background. Refused while bindings exist unless <see cref="Recursive"/>, which unbinds
/// them all first (H60). Allowed during a create (H65): the create's operation ends and the delete takes over,
/// as it does for a failed instance's orphan mitigation.
/// </summary>
public sealed record DeprovisionInstanceCommand(Guid ProjectId, Guid InstanceId, bool Recursive, Guid? ExpectedVersion)
    : ICommand<ServiceInstanceDto>;

public sealed class DeprovisionInstanceHandler(
    ProjectInstances projectInstances,
    IServiceBindingRepository bindings,
    IBrokerOperationRepository operations,
    OperationTiming timing,
    TimeProvider clock) : ICommandHandler<DeprovisionInstanceCommand, ServiceInstanceDto>
{
    public async ValueTask<ServiceInstanceDto> Handle(DeprovisionInstanceCommand command, CancellationToken cancellationToken)
    {
        var instance = await projectInstances.LoadAsync(command.ProjectId, command.InstanceId, command.ExpectedVersion, cancellationToken);
        instance.EnsureNotOrphaned();
        var instanceBindings = await bindings.ForInstanceAsync(instance.Id, cancellationToken);
        if (!command.Recursive)
        {
            new InstanceMustHaveNoBindingsRule(instanceBindings.Count).Enforce();
        }

        var now = clock.GetUtcNow();
        instance.StartDelete(now);
        var (_, plan) = await projectInstances.OfferingOfAsync(instance, cancellationToken);
        var deadline = timing.DeadlineFor(now, plan.MaximumPollingDurationSeconds);
        var running = await operations.ForInstanceAsync(instance.Id, cancellationToken);
        foreach (var superseded in running.Where(o => o.BindingId is null))
        {
            operations.Remove(superseded);
        }

        foreach (var binding in instanceBindings.Where(b => b.State != ServiceBindingState.Deleting))
        {
            foreach (var superseded in running.Where(o => o.BindingId == binding.Id))
            {
                operations.Remove(superseded);
            }

            binding.StartUnbind(now);
            operations.Add(BrokerOperation.Start(
                instance, binding, OperationType.Unbind, OperationStep.Request, null, projectInstances.UserId, now, deadline));
        }

        operations.Add(BrokerOperation.Start(
            instance, null, OperationType.Delete, instanceBindings.Count > 0 ? OperationStep.AwaitingUnbinds : OperationStep.Request, null,
            projectInstances.UserId, now, deadline));
        return ServiceInstanceDto.From(instance);
    }
}

using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.ServiceInstances.DeprovisionInstance;

/// <summary>
/// M6: deprovision in the background. Refused while bindings exist unless <see cref="Recursive"/>, which unbinds
/// them all first (H60). Allowed during a create (H65) and during a failed instance's orphan mitigation: the running
/// operation is superseded — it calls the broker no more, and the delete starts only once its last call has ended (N95).
/// </summary>
public sealed record DeprovisionInstanceCommand(Guid ProjectId, Guid InstanceId, bool Recursive, Guid? ExpectedVersion)
    : ICommand<ServiceInstanceDto>, IProjectMemberRequest;

public sealed class DeprovisionInstanceHandler(
    ProjectInstances projectInstances,
    ConnectionAvailability availability,
    IServiceBindingRepository bindings,
    IBrokerOperationRepository operations,
    TimeProvider clock) : ICommandHandler<DeprovisionInstanceCommand, ServiceInstanceDto>
{
    public async ValueTask<ServiceInstanceDto> Handle(DeprovisionInstanceCommand command, CancellationToken cancellationToken)
    {
        var instance = await projectInstances.LoadAsync(command.ProjectId, command.InstanceId, command.ExpectedVersion, cancellationToken);
        var instanceBindings = await bindings.ForInstanceAsync(instance.Id, cancellationToken);
        var now = clock.GetUtcNow();
        instance.StartDelete(now, instanceBindings.Count, command.Recursive);
        await availability.EnsureAcceptsNewOperationsAsync(instance.ConnectionId, cancellationToken);
        var deadline = await projectInstances.DeadlineForAsync(instance, now, cancellationToken);
        var running = await operations.ForInstanceAsync(instance.Id, cancellationToken);
        foreach (var superseded in running.Where(o => o.BindingId is null))
        {
            superseded.Supersede(now);
        }

        foreach (var binding in instanceBindings.Where(b => b.State != ServiceBindingState.Deleting))
        {
            foreach (var superseded in running.Where(o => o.BindingId == binding.Id))
            {
                superseded.Supersede(now);
            }

            binding.StartUnbind(now);
            operations.Add(BrokerOperation.Unbind(instance, binding, projectInstances.UserId, now, deadline));
        }

        operations.Add(BrokerOperation.Deprovision(instance, awaitUnbinds: instanceBindings.Count > 0, projectInstances.UserId, now, deadline));
        return ServiceInstanceDto.From(instance);
    }
}

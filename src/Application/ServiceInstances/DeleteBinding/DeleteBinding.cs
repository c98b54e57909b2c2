using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.ServiceInstances;
using Mediator;

namespace Marketplace.Application.ServiceInstances.DeleteBinding;

/// <summary>
/// M5: unbind in the background. Allowed during the bind (K81), which it supersedes: the bind calls the broker no more,
/// and the unbind starts only once the bind's last call has ended (N95).
/// </summary>
public sealed record DeleteBindingCommand(Guid ProjectId, Guid InstanceId, Guid BindingId, Guid? ExpectedVersion)
    : ICommand<ServiceBindingDto>, IProjectMemberRequest;

public sealed class DeleteBindingHandler(
    ProjectInstances projectInstances,
    ConnectionAvailability availability,
    IBrokerOperationRepository operations,
    BindingView view,
    TimeProvider clock) : ICommandHandler<DeleteBindingCommand, ServiceBindingDto>
{
    public async ValueTask<ServiceBindingDto> Handle(DeleteBindingCommand command, CancellationToken cancellationToken)
    {
        var (instance, binding) = await projectInstances.LoadBindingAsync(
            command.ProjectId, command.InstanceId, command.BindingId, command.ExpectedVersion, cancellationToken);
        await availability.EnsureAcceptsNewOperationsAsync(instance.ConnectionId, cancellationToken);
        var now = clock.GetUtcNow();
        binding.StartUnbind(now);
        foreach (var superseded in (await operations.ForInstanceAsync(instance.Id, cancellationToken)).Where(o => o.BindingId == binding.Id))
        {
            superseded.Supersede(now);
        }

        var deadline = await projectInstances.DeadlineForAsync(instance, now, cancellationToken);
        operations.Add(BrokerOperation.Unbind(instance, binding, projectInstances.UserId, now, deadline));
        return view.ToDto(binding, withCredentials: false);
    }
}

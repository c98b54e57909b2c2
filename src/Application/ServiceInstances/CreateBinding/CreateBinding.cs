using System.Text.Json.Nodes;
using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.ServiceInstances;
using Mediator;

namespace Marketplace.Application.ServiceInstances.CreateBinding;

/// <summary>
/// M5: a named binding of a usable instance whose plan is bindable (I66). It gets its own binding id at the
/// broker and, once the bind succeeded, exactly the credentials the broker returned for it.
/// </summary>
public sealed record CreateBindingCommand(Guid ProjectId, Guid InstanceId, string Name, JsonObject? Parameters)
    : ICommand<ServiceBindingDto>, IProjectMemberRequest, IParametersRequest;

public sealed class CreateBindingHandler(
    ParameterSchemas parameterSchemas,
    ProjectInstances projectInstances,
    ConnectionAvailability availability,
    IServiceBindingRepository bindings,
    IBrokerOperationRepository operations,
    BindingView view,
    OperationSchedule schedule,
    TimeProvider clock) : ICommandHandler<CreateBindingCommand, ServiceBindingDto>
{
    public async ValueTask<ServiceBindingDto> Handle(CreateBindingCommand command, CancellationToken cancellationToken)
    {
        var instance = await projectInstances.LoadAsync(command.ProjectId, command.InstanceId, null, cancellationToken);
        instance.EnsureCanBeBound(); // before looking up a catalog an orphaned instance no longer has
        var (service, plan) = await projectInstances.OfferingOfAsync(instance, cancellationToken);
        var now = clock.GetUtcNow();
        var binding = ServiceBinding.Create(instance, PlanFlags.BindableByTheMarketplace(plan, service), command.Name, command.Parameters?.ToJsonString(), now);
        await parameterSchemas.ValidateAsync(plan.SchemasJson, "service_binding", "create", command.Parameters, cancellationToken);
        await availability.EnsureAcceptsNewOperationsAsync(instance.ConnectionId, cancellationToken);

        var tenant = await projectInstances.TenantOfAsync(instance.ProjectId, cancellationToken);
        bindings.Add(binding);
        operations.Add(BrokerOperation.Bind(
            instance, binding, OsbRequests.Bind(instance, binding, tenant, command.Parameters), projectInstances.UserId, now,
            schedule.DeadlineFor(now, plan.MaximumPollingDurationSeconds), service.BindingsRetrievable));
        return view.ToDto(binding, withCredentials: false);
    }
}

using System.Text.Json.Nodes;
using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Marketplace;
using Marketplace.Domain.ServiceInstances;
using Mediator;

namespace Marketplace.Application.ServiceInstances.ProvisionInstance;

/// <summary>
/// M3: a project member provisions an instance of a marketplace entry. Parameters are checked against the plan's
/// schema first (X10). The answer is at once: the provision runs in the background (the instance is
/// <c>creating</c>), and whatever the broker answers becomes the instance's state.
/// </summary>
public sealed record ProvisionInstanceCommand(Guid ProjectId, string Name, Guid ServiceId, Guid PlanId, JsonObject? Parameters)
    : ICommand<ServiceInstanceDto>, IProjectMemberRequest, IParametersRequest;

public sealed class ProvisionInstanceHandler(
    ParameterSchemas parameterSchemas,
    VisibleServices visible,
    ProjectInstances projectInstances,
    ConnectionAvailability availability,
    IServiceInstanceRepository instances,
    IBrokerOperationRepository operations,
    OperationSchedule schedule,
    TimeProvider clock) : ICommandHandler<ProvisionInstanceCommand, ServiceInstanceDto>
{
    public async ValueTask<ServiceInstanceDto> Handle(ProvisionInstanceCommand command, CancellationToken cancellationToken)
    {
        var entry = await visible.FindAsync(command.ProjectId, command.ServiceId, cancellationToken) ?? throw InstanceErrors.ServiceNotFound(command.ServiceId);
        var service = entry.Service;
        var plan = service.FindPlan(command.PlanId) ?? throw InstanceErrors.PlanNotFound(command.PlanId);
        var now = clock.GetUtcNow();
        var instance = ServiceInstance.Provision(
            command.ProjectId,
            new BrokerConnectionRef(entry.BrokerId, entry.PublicationId),
            new OfferingRef(service.Id, plan.Id, service.BrokerServiceId, plan.BrokerPlanId),
            plan.Active,
            command.Name,
            command.Parameters?.ToJsonString(),
            now);
        await parameterSchemas.ValidateAsync(plan.SchemasJson, "service_instance", "create", command.Parameters, cancellationToken);
        await availability.EnsureAcceptsNewOperationsAsync(entry.ConnectionId, cancellationToken);

        var tenant = await projectInstances.TenantOfAsync(command.ProjectId, cancellationToken);
        var body = OsbRequests.Provision(instance, tenant, command.Parameters, plan.MaintenanceInfoVersion);
        instances.Add(instance);
        operations.Add(BrokerOperation.Provision(instance, body, projectInstances.UserId, now, schedule.DeadlineFor(now, plan.MaximumPollingDurationSeconds)));
        return ServiceInstanceDto.From(instance);
    }
}

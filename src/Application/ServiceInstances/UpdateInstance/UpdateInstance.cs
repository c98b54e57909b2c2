using System.Text.Json.Nodes;
using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.ServiceInstances;
using Mediator;

namespace Marketplace.Application.ServiceInstances.UpdateInstance;

/// <summary>
/// M7: change the plan (only when the current plan is plan-updateable, G53) and/or parameters (only the keys
/// the user sets are sent, G52). Runs in the background like every broker operation; never orphan-mitigated.
/// </summary>
public sealed record UpdateInstanceCommand(Guid ProjectId, Guid InstanceId, Guid? PlanId, JsonObject? Parameters, Guid? ExpectedVersion)
    : ICommand<ServiceInstanceDto>, IProjectMemberRequest, IParametersRequest;

public sealed class UpdateInstanceHandler(
    ParameterSchemas parameterSchemas,
    ParameterLimits parameterLimits,
    ProjectInstances projectInstances,
    ConnectionAvailability availability,
    IServiceBindingRepository bindings,
    IBrokerOperationRepository operations,
    OperationSchedule schedule,
    TimeProvider clock) : ICommandHandler<UpdateInstanceCommand, ServiceInstanceDto>
{
    public async ValueTask<ServiceInstanceDto> Handle(UpdateInstanceCommand command, CancellationToken cancellationToken)
    {
        var instance = await projectInstances.LoadAsync(command.ProjectId, command.InstanceId, command.ExpectedVersion, cancellationToken);
        instance.EnsureNotOrphaned(); // before looking up a catalog an orphaned instance no longer has
        var bindingsInFlight = (await bindings.ForInstanceAsync(instance.Id, cancellationToken))
            .Count(b => b.State is ServiceBindingState.Creating or ServiceBindingState.Deleting);
        var (service, currentPlan) = await projectInstances.OfferingOfAsync(instance, cancellationToken);
        var planChange = command.PlanId is { } planId && planId != instance.PlanId ? planId : (Guid?)null;
        var newPlan = planChange is { } newPlanId ? service.FindPlan(newPlanId) ?? throw InstanceErrors.PlanNotFound(newPlanId) : null;
        var change = new InstanceChange(
            planChange, newPlan?.Active ?? false, PlanFlags.EffectivePlanUpdateable(currentPlan, service), command.Parameters?.ToJsonString(),
            bindingsInFlight);

        // The OSB body describes the instance as it is before the update (previous_values), so it is built first.
        var tenant = await projectInstances.TenantOfAsync(instance.ProjectId, cancellationToken);
        var body = OsbRequests.Update(instance, tenant, newPlan?.BrokerPlanId, command.Parameters, newPlan?.MaintenanceInfoVersion);
        var now = clock.GetUtcNow();
        instance.StartUpdate(change, now);
        if (command.Parameters is not null)
        {
            await parameterSchemas.ValidateAsync((newPlan ?? currentPlan).SchemasJson, "service_instance", "update", command.Parameters, cancellationToken);
        }

        await availability.EnsureAcceptsNewOperationsAsync(instance.ConnectionId, cancellationToken);

        // What the instance will show must stay within the bounds too, or PATCH after PATCH could grow it without end (X10).
        var merged = Merge(instance.ParametersJson, command.Parameters);
        if (merged is not null)
        {
            ParameterBounds.CheckJson(merged, parameterLimits);
        }

        // D38 with the plan being left: polling uses the old plan (D31), so does its deadline.
        operations.Add(BrokerOperation.Update(
            instance, body, projectInstances.UserId, now, schedule.DeadlineFor(now, currentPlan.MaximumPollingDurationSeconds),
            newPlan is null ? null : new OfferingRef(service.Id, newPlan.Id, service.BrokerServiceId, newPlan.BrokerPlanId),
            merged, change.Fingerprint));
        return ServiceInstanceDto.From(instance);
    }

    /// <summary>The parameters the instance shows after the update: the sent keys over the earlier ones.</summary>
    private static string? Merge(string? earlierJson, JsonObject? sent)
    {
        if (sent is null)
        {
            return null;
        }

        var merged = earlierJson is null ? [] : JsonNode.Parse(earlierJson) as JsonObject ?? [];
        foreach (var (key, value) in sent)
        {
            merged[key] = value?.DeepClone();
        }

        return merged.ToJsonString();
    }
}

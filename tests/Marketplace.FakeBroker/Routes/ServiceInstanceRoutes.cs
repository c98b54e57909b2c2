using System.Text.Json.Nodes;

namespace Marketplace.FakeBroker.Routes;

/// <summary>
/// <c>/v2/service_instances/{instanceId}</c>: provision (PUT), update (PATCH), deprovision (DELETE), fetch (GET)
/// and <c>last_operation</c>. Synchronous success by default; asynchronous when switched so per operation.
/// </summary>
internal static class ServiceInstanceRoutes
{
    private const string Route = "/v2/service_instances/{instanceId}";

    public static void MapServiceInstances(this IEndpointRouteBuilder app)
    {
        app.MapPut(Route, Provision).WithMetadata(new OperationTag(OsbOperation.Provision));
        app.MapPatch(Route, Update).WithMetadata(new OperationTag(OsbOperation.Update));
        app.MapDelete(Route, Deprovision).WithMetadata(new OperationTag(OsbOperation.Deprovision));
        app.MapGet(Route, Fetch).WithMetadata(new OperationTag(OsbOperation.FetchInstance));
        app.MapGet(Route + "/last_operation", LastOperation).WithMetadata(new OperationTag(OsbOperation.InstanceLastOperation));
    }

    public static string DashboardUrl(string instanceId) => $"https://dashboard.example.com/instances/{Uri.EscapeDataString(instanceId)}";

    private static OsbResult Provision(HttpContext context, BrokerState state, string instanceId)
    {
        var body = OsbRequest.JsonBody(context, out var problem);
        if (body is null)
        {
            return problem!;
        }
        var behaviour = state.Behaviour.AsyncFor(OsbOperation.Provision);
        var refused = OsbRequest.MissingFields(body, "service_id", "plan_id", "organization_guid", "space_guid")
            ?? OsbRequest.RequireAcceptsIncomplete(context, behaviour);
        if (refused is not null)
        {
            return refused;
        }
        var (serviceId, planId, parameters) = (OsbRequest.Text(body, "service_id"), OsbRequest.Text(body, "plan_id"), OsbRequest.Parameters(body));
        var store = state.Store;
        var now = state.Clock.GetUtcNow();
        lock (store.Gate)
        {
            if (store.Instances.TryGetValue(instanceId, out var existing))
            {
                if (existing.ServiceId != serviceId || existing.PlanId != planId || !JsonNode.DeepEquals(existing.Parameters, parameters))
                {
                    return OsbResult.Error(StatusCodes.Status409Conflict, null, "fake broker: an instance with this id exists with other attributes");
                }
                return store.Running(BrokerStore.InstanceKey(instanceId), now) is { Kind: OsbOperation.Provision } running
                    ? OsbRequest.Accepted(running, Dashboard(existing))
                    : OsbResult.Json(StatusCodes.Status200OK, Dashboard(existing));
            }
            var instance = new StoredInstance(instanceId, serviceId, planId, parameters, DashboardUrl(instanceId)) { Ready = behaviour is null };
            store.Instances[instanceId] = instance;
            if (behaviour is null)
            {
                return OsbResult.Json(StatusCodes.Status201Created, Dashboard(instance));
            }
            var operation = store.Start(OsbOperation.Provision, BrokerStore.InstanceKey(instanceId), behaviour, now, succeeded =>
            {
                if (succeeded)
                {
                    instance.Ready = true;
                }
                else
                {
                    RemoveInstance(store, instance);
                }
            });
            return OsbRequest.Accepted(operation, Dashboard(instance));
        }
    }

    private static OsbResult Update(HttpContext context, BrokerState state, string instanceId)
    {
        var body = OsbRequest.JsonBody(context, out var problem);
        if (body is null)
        {
            return problem!;
        }
        var behaviour = state.Behaviour.AsyncFor(OsbOperation.Update);
        var refused = OsbRequest.MissingFields(body, "service_id") ?? OsbRequest.RequireAcceptsIncomplete(context, behaviour);
        if (refused is not null)
        {
            return refused;
        }
        var planId = body["plan_id"] is JsonValue plan && plan.TryGetValue<string>(out var text) ? text : null;
        var parameters = OsbRequest.Parameters(body);
        var store = state.Store;
        var now = state.Clock.GetUtcNow();
        lock (store.Gate)
        {
            if (!store.Instances.TryGetValue(instanceId, out var instance))
            {
                return OsbRequest.NotFound("no such instance");
            }
            if (store.Running(BrokerStore.InstanceKey(instanceId), now) is { } running)
            {
                return OsbRequest.ConcurrencyError($"the instance has a {running.Kind} in progress");
            }
            if (behaviour is null)
            {
                Apply(instance, planId, parameters);
                return OsbResult.Empty(StatusCodes.Status200OK);
            }
            var operation = store.Start(OsbOperation.Update, BrokerStore.InstanceKey(instanceId), behaviour, now, succeeded =>
            {
                if (succeeded)
                {
                    Apply(instance, planId, parameters);
                }
            });
            return OsbRequest.Accepted(operation);
        }
    }

    private static OsbResult Deprovision(HttpContext context, BrokerState state, string instanceId)
    {
        var behaviour = state.Behaviour.AsyncFor(OsbOperation.Deprovision);
        var refused = OsbRequest.MissingQuery(context, "service_id", "plan_id") ?? OsbRequest.RequireAcceptsIncomplete(context, behaviour);
        if (refused is not null)
        {
            return refused;
        }
        var store = state.Store;
        var now = state.Clock.GetUtcNow();
        lock (store.Gate)
        {
            if (!store.Instances.TryGetValue(instanceId, out var instance))
            {
                return OsbResult.Empty(StatusCodes.Status410Gone);
            }
            switch (store.Running(BrokerStore.InstanceKey(instanceId), now))
            {
                case { Kind: OsbOperation.Deprovision } deprovision:
                    return OsbRequest.Accepted(deprovision);
                case { Kind: OsbOperation.Provision } provision:
                    // Deleting during creation is allowed: the broker halts the provision, which then reports failed.
                    provision.Finish(succeeded: false, "fake broker: deprovisioned before the provision finished");
                    break;
                case { } other:
                    return OsbRequest.ConcurrencyError($"the instance has a {other.Kind} in progress");
            }
            if (behaviour is null)
            {
                RemoveInstance(store, instance);
                return OsbResult.Empty(StatusCodes.Status200OK);
            }
            var operation = store.Start(OsbOperation.Deprovision, BrokerStore.InstanceKey(instanceId), behaviour, now, succeeded =>
            {
                if (succeeded)
                {
                    RemoveInstance(store, instance);
                }
            });
            return OsbRequest.Accepted(operation);
        }
    }

    private static OsbResult Fetch(BrokerState state, string instanceId)
    {
        var store = state.Store;
        lock (store.Gate)
        {
            var running = store.Running(BrokerStore.InstanceKey(instanceId), state.Clock.GetUtcNow());
            if (!store.Instances.TryGetValue(instanceId, out var instance) || !instance.Ready)
            {
                return OsbRequest.NotFound("no such instance, or it is still being provisioned");
            }
            if (running is { Kind: OsbOperation.Update })
            {
                return OsbRequest.ConcurrencyError("the instance is being updated");
            }
            var answer = new JsonObject
            {
                ["service_id"] = instance.ServiceId,
                ["plan_id"] = instance.PlanId,
                ["dashboard_url"] = instance.DashboardUrl,
                ["x-vendor-node"] = "fake-node-1",
            };
            if (instance.Parameters is not null)
            {
                answer["parameters"] = instance.Parameters.DeepClone();
            }
            return OsbResult.Json(StatusCodes.Status200OK, answer);
        }
    }

    private static OsbResult LastOperation(HttpContext context, BrokerState state, string instanceId)
    {
        var store = state.Store;
        lock (store.Gate)
        {
            var operation = store.Find(BrokerStore.InstanceKey(instanceId), context.Request.Query["operation"].FirstOrDefault());
            return OsbRequest.Poll(operation, state.Clock.GetUtcNow());
        }
    }

    private static JsonObject Dashboard(StoredInstance instance) => new() { ["dashboard_url"] = instance.DashboardUrl };

    private static void Apply(StoredInstance instance, string? planId, JsonObject? parameters)
    {
        if (planId is not null)
        {
            instance.PlanId = planId;
        }
        if (parameters is null)
        {
            return;
        }
        instance.Parameters ??= [];
        foreach (var (key, value) in parameters)
        {
            instance.Parameters[key] = value?.DeepClone();
        }
    }

    /// <summary>Removes this very instance (not a later one with the same id) and its bindings. Caller holds the gate.</summary>
    private static void RemoveInstance(BrokerStore store, StoredInstance instance)
    {
        if (store.Instances.TryGetValue(instance.Id, out var current) && ReferenceEquals(current, instance))
        {
            store.Instances.Remove(instance.Id);
            foreach (var key in store.Bindings.Keys.Where(key => key.InstanceId == instance.Id).ToList())
            {
                store.Bindings.Remove(key);
            }
        }
    }
}

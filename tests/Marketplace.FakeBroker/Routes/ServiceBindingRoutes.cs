using System.Text.Json.Nodes;

namespace Marketplace.FakeBroker.Routes;

/// <summary>
/// <c>/v2/service_instances/{instanceId}/service_bindings/{bindingId}</c>: bind (PUT), unbind (DELETE), fetch (GET)
/// and <c>last_operation</c>. Every binding gets its own credentials: <c>uri</c> <c>fake://&lt;bindingId&gt;</c> and a random
/// <c>username</c> and <c>password</c>.
/// </summary>
internal static class ServiceBindingRoutes
{
    private const string Route = "/v2/service_instances/{instanceId}/service_bindings/{bindingId}";

    public static void MapServiceBindings(this IEndpointRouteBuilder app)
    {
        app.MapPut(Route, Bind).WithMetadata(new OperationTag(OsbOperation.Bind));
        app.MapDelete(Route, Unbind).WithMetadata(new OperationTag(OsbOperation.Unbind));
        app.MapGet(Route, Fetch).WithMetadata(new OperationTag(OsbOperation.FetchBinding));
        app.MapGet(Route + "/last_operation", LastOperation).WithMetadata(new OperationTag(OsbOperation.BindingLastOperation));
    }

    private static OsbResult Bind(HttpContext context, BrokerState state, string instanceId, string bindingId)
    {
        var body = OsbRequest.JsonBody(context, out var problem);
        if (body is null)
        {
            return problem!;
        }
        var behaviour = state.Behaviour.AsyncFor(OsbOperation.Bind);
        var refused = OsbRequest.MissingFields(body, "service_id", "plan_id") ?? OsbRequest.RequireAcceptsIncomplete(context, behaviour);
        if (refused is not null)
        {
            return refused;
        }
        var (serviceId, planId, parameters) = (OsbRequest.Text(body, "service_id"), OsbRequest.Text(body, "plan_id"), OsbRequest.Parameters(body));
        var store = state.Store;
        var now = state.Clock.GetUtcNow();
        var key = BrokerStore.BindingKey(instanceId, bindingId);
        lock (store.Gate)
        {
            if (!store.Instances.TryGetValue(instanceId, out var instance))
            {
                return OsbRequest.NotFound("no such instance");
            }
            if (store.Running(BrokerStore.InstanceKey(instanceId), now) is not null || !instance.Ready)
            {
                return OsbRequest.ConcurrencyError("the instance has an operation in progress");
            }
            if (store.Bindings.TryGetValue((instanceId, bindingId), out var existing))
            {
                if (existing.ServiceId != serviceId || existing.PlanId != planId || !JsonNode.DeepEquals(existing.Parameters, parameters))
                {
                    return OsbResult.Error(StatusCodes.Status409Conflict, null, "fake broker: a binding with this id exists with other attributes");
                }
                return store.Running(key, now) is { Kind: OsbOperation.Bind } running
                    ? OsbRequest.Accepted(running)
                    : OsbResult.Json(StatusCodes.Status200OK, Credentials(existing));
            }
            var binding = new StoredBinding(instanceId, bindingId, serviceId, planId, parameters, NewCredentials(bindingId)) { Ready = behaviour is null };
            store.Bindings[(instanceId, bindingId)] = binding;
            if (behaviour is null)
            {
                return OsbResult.Json(StatusCodes.Status201Created, Credentials(binding));
            }
            var operation = store.Start(OsbOperation.Bind, key, behaviour, now, succeeded =>
            {
                if (succeeded)
                {
                    binding.Ready = true;
                }
                else
                {
                    RemoveBinding(store, binding);
                }
            });
            return OsbRequest.Accepted(operation);
        }
    }

    private static OsbResult Unbind(HttpContext context, BrokerState state, string instanceId, string bindingId)
    {
        var behaviour = state.Behaviour.AsyncFor(OsbOperation.Unbind);
        var refused = OsbRequest.MissingQuery(context, "service_id", "plan_id") ?? OsbRequest.RequireAcceptsIncomplete(context, behaviour);
        if (refused is not null)
        {
            return refused;
        }
        var store = state.Store;
        var now = state.Clock.GetUtcNow();
        var key = BrokerStore.BindingKey(instanceId, bindingId);
        lock (store.Gate)
        {
            if (!store.Bindings.TryGetValue((instanceId, bindingId), out var binding))
            {
                return OsbResult.Empty(StatusCodes.Status410Gone);
            }
            switch (store.Running(key, now))
            {
                case { Kind: OsbOperation.Unbind } unbind:
                    return OsbRequest.Accepted(unbind);
                case { Kind: OsbOperation.Bind } bind:
                    // Unbinding during creation is allowed: the broker halts the bind, which then reports failed.
                    bind.Finish(succeeded: false, "fake broker: unbound before the bind finished");
                    break;
            }
            if (behaviour is null)
            {
                RemoveBinding(store, binding);
                return OsbResult.Empty(StatusCodes.Status200OK);
            }
            var operation = store.Start(OsbOperation.Unbind, key, behaviour, now, succeeded =>
            {
                if (succeeded)
                {
                    RemoveBinding(store, binding);
                }
            });
            return OsbRequest.Accepted(operation);
        }
    }

    private static OsbResult Fetch(BrokerState state, string instanceId, string bindingId)
    {
        var store = state.Store;
        lock (store.Gate)
        {
            store.Running(BrokerStore.BindingKey(instanceId, bindingId), state.Clock.GetUtcNow());
            if (!store.Bindings.TryGetValue((instanceId, bindingId), out var binding) || !binding.Ready)
            {
                return OsbRequest.NotFound("no such binding, or it is still being created");
            }
            var answer = Credentials(binding);
            if (binding.Parameters is not null)
            {
                answer["parameters"] = binding.Parameters.DeepClone();
            }
            return OsbResult.Json(StatusCodes.Status200OK, answer);
        }
    }

    private static OsbResult LastOperation(HttpContext context, BrokerState state, string instanceId, string bindingId)
    {
        var store = state.Store;
        lock (store.Gate)
        {
            var operation = store.Find(BrokerStore.BindingKey(instanceId, bindingId), context.Request.Query["operation"].FirstOrDefault());
            return OsbRequest.Poll(operation, state.Clock.GetUtcNow());
        }
    }

    private static JsonObject NewCredentials(string bindingId) => new()
    {
        ["uri"] = $"fake://{bindingId}",
        ["username"] = "u-" + BrokerStore.RandomSecret(6),
        ["password"] = BrokerStore.RandomSecret(18),
    };

    private static JsonObject Credentials(StoredBinding binding) => new()
    {
        ["credentials"] = binding.Credentials.DeepClone(),
        ["x-vendor-lease"] = "none",
    };

    /// <summary>Removes this very binding (not a later one with the same id). Caller holds the gate.</summary>
    private static void RemoveBinding(BrokerStore store, StoredBinding binding)
    {
        if (store.Bindings.TryGetValue((binding.InstanceId, binding.Id), out var current) && ReferenceEquals(current, binding))
        {
            store.Bindings.Remove((binding.InstanceId, binding.Id));
        }
    }
}

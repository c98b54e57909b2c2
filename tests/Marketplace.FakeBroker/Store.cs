using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Marketplace.FakeBroker;

/// <summary>A service instance as the broker sees it (a copy; changing it changes nothing).</summary>
public sealed record BrokerInstance(string Id, string ServiceId, string PlanId, string? ParametersJson, string DashboardUrl, bool Ready);

/// <summary>A binding as the broker sees it (a copy); <see cref="CredentialsJson"/> is what the bind answered.</summary>
public sealed record BrokerBinding(string InstanceId, string Id, string ServiceId, string PlanId, string? ParametersJson, string CredentialsJson, bool Ready);

/// <summary>The broker's in-memory instances, bindings and async operations. Hold <see cref="Gate"/> to touch anything.</summary>
internal sealed class BrokerStore
{
    public Lock Gate { get; } = new();

    public Dictionary<string, StoredInstance> Instances { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string InstanceId, string BindingId), StoredBinding> Bindings { get; } = [];

    private readonly Dictionary<string, PendingOperation> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingOperation> _latestByResource = new(StringComparer.Ordinal);

    public static string InstanceKey(string instanceId) => "i/" + instanceId;

    public static string BindingKey(string instanceId, string bindingId) => "b/" + instanceId + "/" + bindingId;

    /// <summary>Starts an async operation on a resource; <paramref name="onFinished"/> runs under the gate with the outcome.</summary>
    public PendingOperation Start(OsbOperation kind, string resourceKey, AsyncBehaviour behaviour, DateTimeOffset now, Action<bool> onFinished)
    {
        var token = behaviour.OmitOperation ? null : behaviour.OperationToken ?? $"{kind.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}";
        var operation = new PendingOperation(kind, resourceKey, token, behaviour, now, onFinished);
        if (token is not null)
        {
            _byToken[token] = operation;
        }
        _latestByResource[resourceKey] = operation;
        return operation;
    }

    /// <summary>The operation a poll asks about: by token when it names a known one of this resource, else the latest.</summary>
    public PendingOperation? Find(string resourceKey, string? token)
    {
        if (token is not null && _byToken.TryGetValue(token, out var named) && named.ResourceKey == resourceKey)
        {
            return named;
        }
        return _latestByResource.GetValueOrDefault(resourceKey);
    }

    /// <summary>The unfinished operation on a resource, if any (time-based ones are brought up to date first).</summary>
    public PendingOperation? Running(string resourceKey, DateTimeOffset now)
    {
        var latest = _latestByResource.GetValueOrDefault(resourceKey);
        latest?.Advance(now, countPoll: false);
        return latest is { IsFinished: false } ? latest : null;
    }

    public void Clear()
    {
        Instances.Clear();
        Bindings.Clear();
        _byToken.Clear();
        _latestByResource.Clear();
    }

    public static string RandomSecret(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class StoredInstance(string id, string serviceId, string planId, JsonObject? parameters, string dashboardUrl)
{
    public string Id { get; } = id;
    public string ServiceId { get; } = serviceId;
    public string PlanId { get; set; } = planId;
    public JsonObject? Parameters { get; set; } = parameters;
    public string DashboardUrl { get; } = dashboardUrl;
    public bool Ready { get; set; }

    public BrokerInstance Snapshot() => new(Id, ServiceId, PlanId, Parameters?.ToJsonString(), DashboardUrl, Ready);
}

internal sealed class StoredBinding(string instanceId, string id, string serviceId, string planId, JsonObject? parameters, JsonObject credentials)
{
    public string InstanceId { get; } = instanceId;
    public string Id { get; } = id;
    public string ServiceId { get; } = serviceId;
    public string PlanId { get; } = planId;
    public JsonObject? Parameters { get; } = parameters;
    public JsonObject Credentials { get; } = credentials;
    public bool Ready { get; set; }

    public BrokerBinding Snapshot() => new(InstanceId, Id, ServiceId, PlanId, Parameters?.ToJsonString(), Credentials.ToJsonString(), Ready);
}

/// <summary>An async operation; it moves on when polled (or, for time-based ones, when looked at).</summary>
internal sealed class PendingOperation(
    OsbOperation kind, string resourceKey, string? token, AsyncBehaviour behaviour, DateTimeOffset startedAt, Action<bool> onFinished)
{
    public OsbOperation Kind { get; } = kind;
    public string ResourceKey { get; } = resourceKey;
    public string? Token { get; } = token;
    public AsyncBehaviour Behaviour { get; } = behaviour;
    public int Polls { get; private set; }

    /// <summary>null while in progress, then "succeeded" or "failed".</summary>
    public string? State { get; private set; }

    public string? Description { get; private set; }
    public bool IsFinished => State is not null;

    public void Advance(DateTimeOffset now, bool countPoll)
    {
        if (IsFinished)
        {
            return;
        }
        if (countPoll)
        {
            Polls++;
        }
        if (Polls > Behaviour.InProgressPolls && now - startedAt >= Behaviour.Duration)
        {
            Finish(!Behaviour.Fails, Behaviour.Description);
        }
    }

    public void Finish(bool succeeded, string? description)
    {
        if (IsFinished)
        {
            return;
        }
        State = succeeded ? "succeeded" : "failed";
        Description = description ?? (succeeded ? null : $"fake broker: {Kind} failed");
        onFinished(succeeded);
    }
}

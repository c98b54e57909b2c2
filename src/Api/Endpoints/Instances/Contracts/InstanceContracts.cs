using System.Text.Json.Nodes;
using Marketplace.Application.OperationWorkbench;
using Marketplace.Application.ServiceInstances;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Api.Endpoints.Instances.Contracts;

/// <summary>M3: provision a plan of a marketplace entry; <c>parameters</c> must match the plan's schema.</summary>
internal sealed record ProvisionInstanceRequest(string? Name, Guid? ServiceId, Guid? PlanId, JsonObject? Parameters);

/// <summary>M7: a merge: a new <c>planId</c>, and/or the <c>parameters</c> to change (only these keys are sent).</summary>
internal sealed record UpdateInstanceRequest(Guid? PlanId, JsonObject? Parameters);

/// <summary>M5: a named binding.</summary>
internal sealed record CreateBindingRequest(string? Name, JsonObject? Parameters);

/// <summary>
/// How the last operation went: <c>code</c> says why it failed in a word to switch on (the broker's OSB error code, or
/// ours: <c>timeout</c>, <c>malformed</c>, <c>deadline_exceeded</c> …); <c>requestId</c> is the
/// <c>X-Broker-API-Request-Identity</c> of the broker call that ended it, which the broker's owner can look up (X8).
/// </summary>
internal sealed record LastOperationResponse(
    OperationType Type, OperationState State, string? Description, string? Code, string? RequestId, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt)
{
    public static LastOperationResponse From(LastOperationDto o) => new(o.Type, o.State, o.Description, o.Code, o.RequestId, o.StartedAt, o.UpdatedAt);
}

internal sealed record InstanceResponse(
    Guid Id, Guid ProjectId, string Name, Guid ServiceId, Guid PlanId, ServiceInstanceState State, bool Usable, string? DashboardUrl,
    JsonNode? Parameters, LastOperationResponse LastOperation, DateTimeOffset CreatedAt)
{
    public static InstanceResponse From(ServiceInstanceDto i) => new(
        i.Id, i.ProjectId, i.Name, i.ServiceId, i.PlanId, i.State, i.Usable, i.DashboardUrl, i.Parameters,
        LastOperationResponse.From(i.LastOperation), i.CreatedAt);
}

/// <summary>
/// <c>credentials</c> (and <c>endpoints</c>) exactly as the broker returned them; only in a binding's detail.
/// <c>credentialsError</c> is null, or <c>{ code }</c> when stored credentials cannot be read (never silently null credentials).
/// </summary>
internal sealed record BindingResponse(
    Guid Id, Guid InstanceId, string Name, ServiceBindingState State, JsonNode? Credentials, CredentialsErrorResponse? CredentialsError,
    JsonNode? Endpoints, JsonNode? Parameters, LastOperationResponse LastOperation, DateTimeOffset CreatedAt)
{
    public static BindingResponse From(ServiceBindingDto b) => new(
        b.Id, b.InstanceId, b.Name, b.State, b.Credentials, b.CredentialsError is { } error ? new CredentialsErrorResponse(error.Code) : null,
        b.Endpoints, b.Parameters, LastOperationResponse.From(b.LastOperation), b.CreatedAt);
}

/// <summary>Why stored credentials cannot be shown: <c>credentials.undecryptable</c> (the key ring changed) or <c>credentials.malformed</c>.</summary>
internal sealed record CredentialsErrorResponse(string Code);

/// <summary>X4: an operation in flight; <c>stuck</c> once past its deadline.</summary>
internal sealed record OperationResponse(
    Guid Id, Guid InstanceId, Guid? BindingId, OperationType Type, OperationStep Step, string? OperationToken, DateTimeOffset StartedAt,
    DateTimeOffset Deadline, DateTimeOffset NextAttemptAt, int Attempts, string? LastError, DateTimeOffset? LastErrorAt, bool Stuck)
{
    public static OperationResponse From(OperationDto o) => new(
        o.Id, o.InstanceId, o.BindingId, o.Type, o.Step, o.OperationToken, o.StartedAt, o.Deadline, o.NextAttemptAt, o.Attempts,
        o.LastError, o.LastErrorAt, o.Stuck);
}

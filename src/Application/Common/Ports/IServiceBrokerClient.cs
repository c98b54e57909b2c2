namespace Marketplace.Application.Common.Ports;

/// <summary>
/// Calls OSB brokers. Answers results instead of throwing for everything a broker can do: an
/// unreachable host, a timeout, a bad certificate and a 500 are normal outcomes here.
/// </summary>
public interface IServiceBrokerClient
{
    /// <summary>GET /v2/catalog of one connection; the body comes back unparsed.</summary>
    Task<BrokerCallResult> FetchCatalogAsync(BrokerConnection connection, CancellationToken cancellationToken);

    /// <summary>PUT /v2/service_instances/:id?accepts_incomplete=true with a prepared JSON body (E41).</summary>
    Task<BrokerCallResult> ProvisionAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken);

    /// <summary>PATCH /v2/service_instances/:id?accepts_incomplete=true (G52).</summary>
    Task<BrokerCallResult> UpdateAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken);

    /// <summary>DELETE /v2/service_instances/:id?service_id=&amp;plan_id=&amp;accepts_incomplete=true (H61).</summary>
    Task<BrokerCallResult> DeprovisionAsync(BrokerConnection connection, Guid instanceId, OsbPlanRef plan, CancellationToken cancellationToken);

    /// <summary>GET /v2/service_instances/:id/last_operation with service_id, plan_id and the echoed operation (D31).</summary>
    Task<BrokerCallResult> PollInstanceAsync(BrokerConnection connection, Guid instanceId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken);

    /// <summary>PUT /v2/service_instances/:id/service_bindings/:bid?accepts_incomplete=true (I67).</summary>
    Task<BrokerCallResult> BindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, string bodyJson, CancellationToken cancellationToken);

    /// <summary>DELETE /v2/service_instances/:id/service_bindings/:bid?service_id=&amp;plan_id=&amp;accepts_incomplete=true (K78).</summary>
    Task<BrokerCallResult> UnbindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken);

    /// <summary>GET /v2/service_instances/:id/service_bindings/:bid/last_operation (D32).</summary>
    Task<BrokerCallResult> PollBindingAsync(
        BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken);

    /// <summary>GET /v2/service_instances/:id/service_bindings/:bid?service_id=&amp;plan_id= (J76).</summary>
    Task<BrokerCallResult> FetchBindingAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken);
}

/// <summary>The broker's own offering and plan ids, sent as <c>service_id</c> and <c>plan_id</c>.</summary>
public sealed record OsbPlanRef(string ServiceId, string PlanId);

/// <summary>
/// Where and how to reach one broker deployment: the private registration or one publication.
/// <see cref="OriginatingUserId"/> is set for calls a user caused (sent as OSB originating identity).
/// </summary>
public sealed record BrokerConnection(
    Guid BrokerId,
    Guid? PublicationId,
    string Endpoint,
    string Username,
    string Password,
    bool SkipTlsValidation,
    TimeSpan Timeout,
    string? OriginatingUserId = null)
{
    /// <summary>The connection's name in logs and the call log: the broker's identifier, with @location for a publication.</summary>
    public string Name { get; init; } = BrokerId.ToString();

    /// <summary>Never print the password.</summary>
    public override string ToString() => $"{Name} ({Endpoint})";
}

public enum BrokerCallOutcome
{
    /// <summary>The broker answered; <see cref="BrokerCallResult.Status"/> says how.</summary>
    Answered,

    /// <summary>No connection: DNS, refused, reset.</summary>
    Unreachable,

    /// <summary>No answer within the connection's timeout.</summary>
    Timeout,

    /// <summary>The TLS handshake failed: untrusted, expired or mismatched certificate.</summary>
    TlsInvalid,

    /// <summary>The endpoint resolves to an address the endpoint policy forbids (loopback, private, link-local).</summary>
    EndpointForbidden,
}

public sealed record BrokerCallResult(
    BrokerCallOutcome Outcome,
    int? Status,
    string? Body,
    string? Error,
    string RequestId,
    TimeSpan Duration,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public bool IsSuccessStatus => Outcome == BrokerCallOutcome.Answered && Status is >= 200 and < 300;
}

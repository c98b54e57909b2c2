using Marketplace.Domain.Osb;

namespace Marketplace.Application.Common.Ports;

/// <summary>
/// Calls OSB brokers and answers what they said, already read (<see cref="OsbAnswer"/>): an unreachable host, a
/// timeout, a bad certificate, a 500 and a malformed body are normal answers here, never exceptions.
/// </summary>
public interface IServiceBrokerClient
{
    /// <summary>GET /v2/catalog of one connection; a 200 comes back as <see cref="OsbAnswer.CatalogDocument"/>, unparsed.</summary>
    Task<OsbAnswer> FetchCatalogAsync(BrokerConnection connection, CancellationToken cancellationToken);

    /// <summary>PUT /v2/service_instances/:id?accepts_incomplete=true with a prepared JSON body (E41).</summary>
    Task<OsbAnswer> ProvisionAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken);

    /// <summary>PATCH /v2/service_instances/:id?accepts_incomplete=true (G52).</summary>
    Task<OsbAnswer> UpdateAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken);

    /// <summary>DELETE /v2/service_instances/:id?service_id=&amp;plan_id=&amp;accepts_incomplete=true (H61).</summary>
    Task<OsbAnswer> DeprovisionAsync(BrokerConnection connection, Guid instanceId, OsbPlanRef plan, CancellationToken cancellationToken);

    /// <summary>GET /v2/service_instances/:id/last_operation with service_id, plan_id and the echoed operation (D31).</summary>
    Task<OsbAnswer> PollInstanceAsync(BrokerConnection connection, Guid instanceId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken);

    /// <summary>PUT /v2/service_instances/:id/service_bindings/:bid?accepts_incomplete=true (I67).</summary>
    Task<OsbAnswer> BindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, string bodyJson, CancellationToken cancellationToken);

    /// <summary>DELETE /v2/service_instances/:id/service_bindings/:bid?service_id=&amp;plan_id=&amp;accepts_incomplete=true (K78).</summary>
    Task<OsbAnswer> UnbindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken);

    /// <summary>GET /v2/service_instances/:id/service_bindings/:bid/last_operation (D32).</summary>
    Task<OsbAnswer> PollBindingAsync(
        BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken);

    /// <summary>GET /v2/service_instances/:id/service_bindings/:bid?service_id=&amp;plan_id= (J76).</summary>
    Task<OsbAnswer> FetchBindingAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken);
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

    /// <summary>The publication's id, or the broker's for its private registration.</summary>
    public Guid ConnectionId => PublicationId ?? BrokerId;

    /// <summary>Never print the password.</summary>
    public override string ToString() => $"{Name} ({Endpoint})";
}

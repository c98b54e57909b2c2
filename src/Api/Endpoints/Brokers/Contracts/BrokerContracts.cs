using Marketplace.Application.Brokers;
using Marketplace.Domain.Brokers;

namespace Marketplace.Api.Endpoints.Brokers.Contracts;

/// <summary>B1: register a broker. <c>password</c> is write-only: no response ever carries it.</summary>
/// <remarks><c>maxConcurrentCalls</c> (optional) limits the calls in flight to each of the broker's connections, up to the platform's ceiling.</remarks>
internal sealed record RegisterBrokerRequest(
    Guid? CustomerId, string? Name, string? Identifier, string? Endpoint, string? Username, string? Password,
    bool? DevelopmentMode, int? RequestTimeoutSeconds, int? MaxConcurrentCalls);

/// <summary>B3: a merge; absent fields stay. <c>identifier</c> may only repeat the current one.</summary>
internal sealed record EditBrokerRequest(
    string? Identifier, string? Name, string? Endpoint, string? Username, string? Password, bool? DevelopmentMode,
    int? RequestTimeoutSeconds, int? MaxConcurrentCalls);

/// <summary>
/// A broker: never its password. <c>maxConcurrentCalls</c> is the budget of calls in flight each of its connections
/// gets; <c>health</c> is its private connection's circuit (X3).
/// </summary>
internal sealed record BrokerResponse(
    Guid Id, Guid CustomerId, string Name, string Identifier, string Endpoint, string Username, bool DevelopmentMode,
    int RequestTimeoutSeconds, int? MaxConcurrentCalls, ConnectionHealthResponse? Health, DateTimeOffset RegisteredAt)
{
    public static BrokerResponse From(BrokerDto b) => new(
        b.Id, b.CustomerId, b.Name, b.Identifier, b.Endpoint, b.Username, b.DevelopmentMode, b.RequestTimeoutSeconds, b.MaxConcurrentCalls,
        ConnectionHealthResponse.From(b.Health), b.RegisteredAt);
}

/// <summary>
/// X3: a connection's circuit: <c>healthy</c>, or <c>degraded</c> (new operations answer 503 <c>broker.unavailable</c>)
/// since a moment, with the last transport failure and when the marketplace probes it next.
/// </summary>
internal sealed record ConnectionHealthResponse(
    ConnectionState State, DateTimeOffset Since, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? NextProbeAt)
{
    public static ConnectionHealthResponse? From(ConnectionHealthDto? h) =>
        h is null ? null : new(h.State, h.Since, h.LastError, h.LastErrorAt, h.NextProbeAt);
}

/// <summary>B5: publish to a public location or Global with the deployment's own https endpoint and credentials.</summary>
internal sealed record PublishBrokerRequest(string? Location, string? Endpoint, string? Username, string? Password, bool? DevelopmentMode);

internal sealed record RejectPublicationRequest(string? Reason);

/// <summary>A publication: never its password; <c>health</c> is its connection's circuit (X3).</summary>
internal sealed record PublicationResponse(
    Guid Id, Guid BrokerId, string Location, string Endpoint, string Username, PublicationStatus Status, string? Reason,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecidedBy, ConnectionHealthResponse? Health)
{
    public static PublicationResponse From(PublicationDto p) => new(
        p.Id, p.BrokerId, p.Location, p.Endpoint, p.Username, p.Status, p.Reason, p.RequestedAt, p.DecidedAt, p.DecidedBy,
        ConnectionHealthResponse.From(p.Health));
}

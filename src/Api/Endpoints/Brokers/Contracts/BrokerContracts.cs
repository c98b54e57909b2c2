using Marketplace.Application.Brokers;
using Marketplace.Domain.Brokers;

namespace Marketplace.Api.Endpoints.Brokers.Contracts;

/// <summary>B1: register a broker. <c>password</c> is write-only: no response ever carries it.</summary>
internal sealed record RegisterBrokerRequest(
    Guid? CustomerId, string? Name, string? Identifier, string? Endpoint, string? Username, string? Password,
    bool? DevelopmentMode, int? RequestTimeoutSeconds);

/// <summary>B3: a merge; absent fields stay. <c>identifier</c> may only repeat the current one.</summary>
internal sealed record EditBrokerRequest(
    string? Identifier, string? Name, string? Endpoint, string? Username, string? Password, bool? DevelopmentMode,
    int? RequestTimeoutSeconds);

internal sealed record BrokerResponse(
    Guid Id, Guid CustomerId, string Name, string Identifier, string Endpoint, string Username, bool DevelopmentMode,
    int RequestTimeoutSeconds, DateTimeOffset RegisteredAt)
{
    public static BrokerResponse From(BrokerDto b) => new(
        b.Id, b.CustomerId, b.Name, b.Identifier, b.Endpoint, b.Username, b.DevelopmentMode, b.RequestTimeoutSeconds, b.RegisteredAt);
}

/// <summary>B5: publish to a public location or Global with the deployment's own https endpoint and credentials.</summary>
internal sealed record PublishBrokerRequest(string? Location, string? Endpoint, string? Username, string? Password, bool? DevelopmentMode);

internal sealed record RejectPublicationRequest(string? Reason);

internal sealed record PublicationResponse(
    Guid Id, Guid BrokerId, string Location, string Endpoint, string Username, PublicationStatus Status, string? Reason,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecidedBy)
{
    public static PublicationResponse From(PublicationDto p) => new(
        p.Id, p.BrokerId, p.Location, p.Endpoint, p.Username, p.Status, p.Reason, p.RequestedAt, p.DecidedAt, p.DecidedBy);
}

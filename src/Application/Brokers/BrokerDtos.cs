using System.Linq.Expressions;
using Marketplace.Domain.Brokers;

namespace Marketplace.Application.Brokers;

/// <summary>
/// A broker registration as clients see it: never its password. <see cref="MaxConcurrentCalls"/> is the budget of
/// calls in flight each of its connections gets; <see cref="Health"/> is its private connection's (X3).
/// </summary>
public sealed record BrokerDto(
    Guid Id, Guid CustomerId, string Name, string Identifier, string Endpoint, string Username,
    bool DevelopmentMode, int RequestTimeoutSeconds, int? MaxConcurrentCalls, DateTimeOffset RegisteredAt, Guid Version,
    ConnectionHealthDto? Health = null)
{
    /// <summary>The mapping as an expression, so that queries project in the database; <see cref="BrokerViews"/> completes it.</summary>
    public static readonly Expression<Func<ServiceBroker, BrokerDto>> Projection = b => new BrokerDto(
        b.Id, b.CustomerId, b.Name, b.Identifier, b.Endpoint, b.Username, b.DevelopmentMode, b.RequestTimeoutSeconds, b.MaxConcurrentCalls,
        b.RegisteredAt, b.Version, null);

    private static readonly Func<ServiceBroker, BrokerDto> Compiled = Projection.Compile();

    public static BrokerDto From(ServiceBroker broker, ConnectionHealth? health, int concurrentCallsCeiling)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return Compiled(broker) with { MaxConcurrentCalls = broker.ConcurrentCallBudget(concurrentCallsCeiling), Health = ConnectionHealthDto.From(health) };
    }
}

/// <summary>A publication as clients see it: never its password; <see cref="Health"/> is its connection's (X3).</summary>
public sealed record PublicationDto(
    Guid Id, Guid BrokerId, string Location, string Endpoint, string Username, PublicationStatus Status, string? Reason,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecidedBy, ConnectionHealthDto? Health = null)
{
    public static readonly Expression<Func<Publication, PublicationDto>> Projection = p => new PublicationDto(
        p.Id, p.BrokerId, p.LocationIdentifier, p.Endpoint, p.Username, p.Status, p.Reason, p.RequestedAt, p.DecidedAt, p.DecidedBy, null);

    private static readonly Func<Publication, PublicationDto> Compiled = Projection.Compile();

    public static PublicationDto From(Publication publication, ConnectionHealth? health)
    {
        ArgumentNullException.ThrowIfNull(publication);
        return Compiled(publication) with { Health = ConnectionHealthDto.From(health) };
    }
}

/// <summary>
/// X3: a connection's circuit as clients see it: <c>healthy</c>, or <c>degraded</c> since a moment with the last
/// transport failure, and when the marketplace probes it next.
/// </summary>
public sealed record ConnectionHealthDto(ConnectionState State, DateTimeOffset Since, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? NextProbeAt)
{
    public static ConnectionHealthDto? From(ConnectionHealth? health) =>
        health is null ? null : new(health.State, health.Since, health.LastError, health.LastErrorAt, health.NextProbeAt);
}

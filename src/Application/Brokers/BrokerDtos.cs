using System.Linq.Expressions;
using Marketplace.Domain.Brokers;

namespace Marketplace.Application.Brokers;

/// <summary>A broker registration as clients see it: never its password.</summary>
public sealed record BrokerDto(
    Guid Id, Guid CustomerId, string Name, string Identifier, string Endpoint, string Username,
    bool DevelopmentMode, int RequestTimeoutSeconds, DateTimeOffset RegisteredAt, Guid Version)
{
    /// <summary>The mapping as an expression, so that queries project in the database.</summary>
    public static readonly Expression<Func<ServiceBroker, BrokerDto>> Projection = b => new BrokerDto(
        b.Id, b.CustomerId, b.Name, b.Identifier, b.Endpoint, b.Username, b.DevelopmentMode, b.RequestTimeoutSeconds,
        b.RegisteredAt, b.Version);

    private static readonly Func<ServiceBroker, BrokerDto> Compiled = Projection.Compile();

    public static BrokerDto From(ServiceBroker broker) => Compiled(broker);
}

/// <summary>A publication as clients see it: never its password.</summary>
public sealed record PublicationDto(
    Guid Id, Guid BrokerId, string Location, string Endpoint, string Username, PublicationStatus Status, string? Reason,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecidedBy)
{
    public static readonly Expression<Func<Publication, PublicationDto>> Projection = p => new PublicationDto(
        p.Id, p.BrokerId, p.LocationIdentifier, p.Endpoint, p.Username, p.Status, p.Reason, p.RequestedAt, p.DecidedAt, p.DecidedBy);

    private static readonly Func<Publication, PublicationDto> Compiled = Projection.Compile();

    public static PublicationDto From(Publication publication) => Compiled(publication);
}

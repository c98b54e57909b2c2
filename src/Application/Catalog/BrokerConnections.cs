using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Brokers;

namespace Marketplace.Application.Catalog;

/// <summary>Builds the <see cref="BrokerConnection"/> of a private registration or a publication, with its password decrypted.</summary>
public sealed class BrokerConnections(ISecretProtector secrets)
{
    /// <summary>A connection as logs and operators name it: the broker's identifier, with <c>@location</c> for a publication.</summary>
    public static string ConnectionName(string brokerIdentifier, string? location = null) =>
        location is null ? brokerIdentifier : $"{brokerIdentifier}@{location}";

    /// <summary>The connection's recurring refresh on the ops dashboard: <c>catalog-refresh:&lt;connection name&gt;</c>.</summary>
    public static string JobName(string brokerIdentifier, string? location = null) => $"catalog-refresh:{ConnectionName(brokerIdentifier, location)}";

    public BrokerConnection ForRegistration(ServiceBroker broker, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return ForRegistration(broker, secrets.Unprotect(broker.ProtectedPassword), userId);
    }

    /// <summary>The private registration's connection with a password the caller has in plain text (a registration being saved).</summary>
    public static BrokerConnection ForRegistration(ServiceBroker broker, string password, string? userId)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return new BrokerConnection(
            broker.Id, null, broker.Endpoint, broker.Username, password, broker.DevelopmentMode,
            TimeSpan.FromSeconds(broker.RequestTimeoutSeconds), userId)
        { Name = ConnectionName(broker.Identifier) };
    }

    /// <summary>Publications never skip TLS validation (B5).</summary>
    public BrokerConnection ForPublication(ServiceBroker broker, Publication publication, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(publication);
        return new BrokerConnection(
            broker.Id, publication.Id, publication.Endpoint, publication.Username, secrets.Unprotect(publication.ProtectedPassword),
            SkipTlsValidation: false, TimeSpan.FromSeconds(broker.RequestTimeoutSeconds), userId)
        { Name = ConnectionName(broker.Identifier, publication.LocationIdentifier) };
    }
}

using System.Security.Cryptography;
using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Ports;

namespace Marketplace.Application.BrokerOperations;

/// <summary>
/// Probes a degraded connection with a catalog GET (X3). The answer is recorded in the connection's health like every
/// call's: any HTTP answer closes the circuit, and the operations that waited for the broker resume.
/// </summary>
public sealed class ConnectionProbe(IServiceBrokerRepository brokers, BrokerConnections connections, IServiceBrokerClient client)
{
    public async Task ProbeAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken)
    {
        var broker = await brokers.FindAsync(brokerId, cancellationToken);
        var publication = publicationId is { } id ? broker?.FindPublication(id) : null;
        if (broker is null || (publicationId is not null && publication is null))
        {
            return; // the connection is gone
        }

        BrokerConnection connection;
        try
        {
            connection = publication is null ? connections.ForRegistration(broker) : connections.ForPublication(broker, publication);
        }
        catch (CryptographicException)
        {
            return; // the credentials cannot be read: nothing can be sent until the owner sets them again
        }

        await client.FetchCatalogAsync(connection, cancellationToken);
    }
}

using Marketplace.Application.Common.Ports;

namespace Marketplace.Application.BrokerOperations;

/// <summary>Refuses new operations on a degraded connection (503 <c>broker.unavailable</c>, retry after the next probe).</summary>
public sealed class ConnectionAvailability(IConnectionHealthRepository healths, TimeProvider clock)
{
    public async Task EnsureAcceptsNewOperationsAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var health = await healths.FindAsync(connectionId, cancellationToken);
        health?.EnsureAcceptsNewOperations(clock.GetUtcNow());
    }
}

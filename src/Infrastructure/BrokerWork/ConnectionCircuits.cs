using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Brokers;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>
/// X3 for the dispatcher's steps: a connection this node knows healthy costs no read (one statement less per step under
/// load); any other is looked up.
/// </summary>
internal sealed class ConnectionCircuits(KnownHealthyConnections knownHealthy, MarketplaceDbContext db) : IConnectionCircuits
{
    public async Task<bool> IsOpenAsync(Guid connectionId, CancellationToken cancellationToken) =>
        !knownHealthy.Contains(connectionId)
        && await db.ConnectionHealth.AnyAsync(h => h.Id == connectionId && h.State == ConnectionState.Degraded, cancellationToken);
}

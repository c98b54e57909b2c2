using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>
/// The lease on a connection's pending catalog refresh: one node runs it at a time (also across nodes), and a request
/// that arrives while it runs is kept for the next run.
/// </summary>
internal sealed class CatalogRefreshClaims(MarketplaceDbContext db, DatabaseWriteGate writes)
{
    /// <summary>The request taken (when and by whom), or null when another node runs it or none is pending.</summary>
    public async Task<(DateTimeOffset RequestedAt, string? RequestedBy)?> TryClaimAsync(
        Guid brokerId, Guid? publicationId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        using (await writes.EnterAsync(cancellationToken))
        {
            var claimed = await Pending(brokerId, publicationId, now)
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.RefreshClaimedUntil, until), cancellationToken);
            if (claimed == 0)
            {
                return null;
            }
        }

        var request = await db.ConnectionCatalogs.AsNoTracking()
            .Where(c => c.BrokerId == brokerId && c.PublicationId == publicationId)
            .Select(c => new { c.RefreshRequestedAt, c.RefreshRequestedBy })
            .FirstAsync(cancellationToken);
        return (request.RefreshRequestedAt ?? now, request.RefreshRequestedBy);
    }

    /// <summary>The refresh ran: the request it answered is done (a newer one stays), the lease is given back.</summary>
    public async Task CompleteAsync(Guid brokerId, Guid? publicationId, DateTimeOffset answeredRequest, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await db.ConnectionCatalogs
            .Where(c => c.BrokerId == brokerId && c.PublicationId == publicationId && c.RefreshRequestedAt != null && c.RefreshRequestedAt <= answeredRequest)
            .ExecuteUpdateAsync(
                c => c.SetProperty(x => x.RefreshRequestedAt, (DateTimeOffset?)null).SetProperty(x => x.RefreshRequestedBy, (string?)null),
                cancellationToken);
        await db.ConnectionCatalogs
            .Where(c => c.BrokerId == brokerId && c.PublicationId == publicationId)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.RefreshClaimedUntil, (DateTimeOffset?)null), cancellationToken);
    }

    private IQueryable<Domain.Catalog.ConnectionCatalog> Pending(Guid brokerId, Guid? publicationId, DateTimeOffset now) =>
        db.ConnectionCatalogs.Where(c =>
            c.BrokerId == brokerId && c.PublicationId == publicationId && c.RefreshRequestedAt != null && c.RefreshRequestedAt <= now
            && (c.RefreshClaimedUntil == null || c.RefreshClaimedUntil < now));
}

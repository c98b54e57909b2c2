using Marketplace.Domain.Brokers;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>
/// What one connection has to do at the moment of a dispatcher pass. <see cref="DueOperations"/> is counted up to the
/// budget ceiling only: the pass starts no more lanes than there is work for.
/// </summary>
internal sealed record ConnectionWork(
    Guid ConnectionId,
    Guid BrokerId,
    Guid? PublicationId,
    int Budget,
    TimeSpan Timeout,
    bool Degraded,
    int ConsecutiveFailures,
    bool ProbeDue,
    int DueOperations,
    bool RefreshDue,
    int InFlight)
{
    public bool HasDueOperations => DueOperations > 0;
}

/// <summary>The dispatcher's one query per pass: every connection with due work, its budget and what is in flight on it.</summary>
internal sealed class ConnectionWorkQuery(MarketplaceDbContext db, DatabaseWriteGate writes)
{
    public async Task<IReadOnlyList<ConnectionWork>> WithWorkAsync(DateTimeOffset now, int ceiling, CancellationToken cancellationToken)
    {
        var rows = await (
                from h in db.ConnectionHealth.AsNoTracking()
                join b in db.ServiceBrokers.AsNoTracking() on h.BrokerId equals b.Id
                let dueOperations = db.BrokerOperations.Any(o =>
                    o.ConnectionId == h.Id && o.NextAttemptAt <= now && (o.ClaimedUntil == null || o.ClaimedUntil < now))
                let refreshDue = db.ConnectionCatalogs.Any(c =>
                    c.BrokerId == h.BrokerId && c.PublicationId == h.PublicationId && c.RefreshRequestedAt != null && c.RefreshRequestedAt <= now
                    && (c.RefreshClaimedUntil == null || c.RefreshClaimedUntil < now))
                let probeDue = h.State == ConnectionState.Degraded && h.NextProbeAt != null && h.NextProbeAt <= now
                where dueOperations || refreshDue || probeDue || h.ConsecutiveFailures > 0
                select new
                {
                    h.Id,
                    h.BrokerId,
                    h.PublicationId,
                    b.MaxConcurrentCalls,
                    b.RequestTimeoutSeconds,
                    h.State,
                    h.ConsecutiveFailures,
                    ProbeDue = probeDue,
                    DueOperations = db.BrokerOperations
                        .Where(o => o.ConnectionId == h.Id && o.NextAttemptAt <= now && (o.ClaimedUntil == null || o.ClaimedUntil < now))
                        .OrderBy(o => o.NextAttemptAt) // the index's own order; EF Core warns about a Take without one
                        .Take(ceiling)
                        .Count(),
                    RefreshDue = refreshDue,
                    InFlight = db.BrokerOperations.Count(o => o.ConnectionId == h.Id && o.ClaimedUntil != null && o.ClaimedUntil >= now)
                               + db.ConnectionCatalogs.Count(c =>
                                   c.BrokerId == h.BrokerId && c.PublicationId == h.PublicationId && c.RefreshClaimedUntil != null && c.RefreshClaimedUntil >= now),
                })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ConnectionWork(
                r.Id, r.BrokerId, r.PublicationId, r.MaxConcurrentCalls is { } limit && limit < ceiling ? limit : ceiling,
                TimeSpan.FromSeconds(r.RequestTimeoutSeconds), r.State == ConnectionState.Degraded, r.ConsecutiveFailures, r.ProbeDue,
                r.DueOperations, r.RefreshDue, r.InFlight))
            .ToList();
    }

    /// <summary>Takes the probe of a degraded connection for this node: the next probe moves on, so no other node probes too.</summary>
    public async Task<bool> TryClaimProbeAsync(Guid connectionId, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        return await db.ConnectionHealth
            .Where(h => h.Id == connectionId && h.State == ConnectionState.Degraded && h.NextProbeAt != null && h.NextProbeAt <= now)
            .ExecuteUpdateAsync(h => h.SetProperty(x => x.NextProbeAt, now + interval), cancellationToken) == 1;
    }
}

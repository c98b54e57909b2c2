using Marketplace.Application.Common.Ports;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>
/// Claims on broker operations, taken and given back with single conditional statements — no read-then-write race
/// between the workers of one node or between nodes. A claim is a lease: a crashed worker's operation is resumed
/// once it lapses.
/// </summary>
internal sealed class OperationClaims(MarketplaceDbContext db, DatabaseWriteGate writes) : IOperationClaims
{
    /// <summary>
    /// Claims the connection's next due operation — the earliest due, whose instance has no other operation in flight
    /// (one mutating call per instance at a time, N95) — while fewer than <paramref name="budget"/> calls are in flight on
    /// the connection, counting every node's claims and a running catalog refresh. Null when nothing is due or there is
    /// no room. The check and the claim are one statement (on SQLite the database's write lock makes it atomic); the
    /// claimed operation is read by its claim (<see cref="IBrokerOperationRepository.FindClaimedAsync"/>), not here. With
    /// <paramref name="lookFirst"/> a read first spares the write when nothing is due; a caller that just found work on
    /// the connection (a lane) skips that read, which would cost a statement per step under load.
    /// </summary>
    public async Task<OperationClaim?> ClaimNextAsync(
        Guid connectionId, int budget, Guid claimToken, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken,
        bool lookFirst = true)
    {
        var due = db.BrokerOperations
            .Where(o => o.ConnectionId == connectionId && o.NextAttemptAt <= now && (o.ClaimedUntil == null || o.ClaimedUntil < now)
                        && !db.BrokerOperations.Any(s => s.InstanceId == o.InstanceId && s.ClaimedUntil != null && s.ClaimedUntil >= now));
        if (lookFirst && !await due.AnyAsync(cancellationToken))
        {
            return null; // nothing due: no write, no turn at the write gate
        }

        var next = due.OrderBy(o => o.NextAttemptAt).Select(o => o.Id).Take(1);
        using (await writes.EnterAsync(cancellationToken))
        {
            var claimed = await db.BrokerOperations
            .Where(o => next.Contains(o.Id)
                        // Again on the row itself: SQL Server re-reads a locked target row before it updates it (a
                        // subquery's snapshot is not re-read), so two nodes or lanes cannot both take the same claim.
                        && (o.ClaimedUntil == null || o.ClaimedUntil < now)
                        && db.BrokerOperations.Count(b => b.ConnectionId == connectionId && b.ClaimedUntil != null && b.ClaimedUntil >= now)
                        + db.ConnectionCatalogs.Count(c => (c.PublicationId == connectionId || (c.PublicationId == null && c.BrokerId == connectionId))
                                                           && c.RefreshClaimedUntil != null && c.RefreshClaimedUntil >= now) < budget)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.ClaimToken, claimToken).SetProperty(x => x.ClaimedUntil, until), cancellationToken);
            return claimed == 0 ? null : new OperationClaim(connectionId, claimToken, until);
        }
    }

    /// <summary>
    /// Operations of a degraded connection that are due: they make no broker call (they wait, or give up at their
    /// deadline), so they are claimed one by one outside the budget.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DueWithoutCallAsync(Guid connectionId, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await db.BrokerOperations.AsNoTracking()
            .Where(o => o.ConnectionId == connectionId && o.NextAttemptAt <= now && (o.ClaimedUntil == null || o.ClaimedUntil < now))
            .OrderBy(o => o.NextAttemptAt)
            .Select(o => o.Id)
            .Take(max)
            .ToListAsync(cancellationToken);

    /// <summary>Takes the claim of one operation if nobody holds it (no budget: for steps that make no broker call).</summary>
    public async Task<bool> TryClaimAsync(Guid operationId, Guid claimToken, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        return await db.BrokerOperations
            .Where(o => o.Id == operationId && (o.ClaimedUntil == null || o.ClaimedUntil < now))
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.ClaimToken, claimToken).SetProperty(x => x.ClaimedUntil, until), cancellationToken) == 1;
    }

    /// <summary>
    /// The connection answers again: every operation that waited for it is due when it was before it had to wait (now,
    /// for most; a poll the broker asked to come later still comes later).
    /// </summary>
    public async Task<int> ResumeAwaitingBrokerAsync(Guid connectionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        return await db.BrokerOperations.Where(o => o.ConnectionId == connectionId && o.AwaitingBroker)
            .ExecuteUpdateAsync(
                o => o.SetProperty(x => x.AwaitingBroker, false)
                    .SetProperty(x => x.NextAttemptAt, x => x.ResumeAt ?? now)
                    .SetProperty(x => x.ResumeAt, (DateTimeOffset?)null),
                cancellationToken);
    }

    public Task RecordStepFailureAsync(
        Guid operationId, Guid claimToken, string failure, DateTimeOffset now, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        RecordStepFailureAsync(db.BrokerOperations.Where(o => o.Id == operationId && o.ClaimToken == claimToken), failure, now, nextAttemptAt, cancellationToken);

    public Task RecordStepFailureAsync(OperationClaim claim, string failure, DateTimeOffset now, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        RecordStepFailureAsync(db.BrokerOperations.HeldBy(claim), failure, now, nextAttemptAt, cancellationToken);

    public Task ReleaseAsync(Guid operationId, Guid claimToken, CancellationToken cancellationToken) =>
        ReleaseAsync(db.BrokerOperations.Where(o => o.Id == operationId && o.ClaimToken == claimToken), cancellationToken);

    public Task ReleaseAsync(OperationClaim claim, CancellationToken cancellationToken) => ReleaseAsync(db.BrokerOperations.HeldBy(claim), cancellationToken);

    private async Task RecordStepFailureAsync(
        IQueryable<BrokerOperation> held, string failure, DateTimeOffset now, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await held.ExecuteUpdateAsync(
            o => o.SetProperty(x => x.InternalFailures, x => x.InternalFailures + 1)
                .SetProperty(x => x.LastError, failure)
                .SetProperty(x => x.LastErrorAt, now)
                .SetProperty(x => x.NextAttemptAt, nextAttemptAt)
                .SetProperty(x => x.ClaimToken, (Guid?)null)
                .SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null),
            cancellationToken);
    }

    private async Task ReleaseAsync(IQueryable<BrokerOperation> held, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await held.ExecuteUpdateAsync(o => o.SetProperty(x => x.ClaimToken, (Guid?)null).SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
    }
}

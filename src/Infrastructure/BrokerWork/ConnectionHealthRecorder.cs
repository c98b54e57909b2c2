using Marketplace.Application.BrokerOperations;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Osb;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>
/// Records every broker call's transport outcome in its connection's <see cref="ConnectionHealth"/>, which all nodes
/// share through the database (the circuit breaker of X3). A call to a connection this node knows as healthy and
/// without failures writes nothing; a transport failure, or the first answer after failures, does. Recording never
/// fails the call it records.
/// </summary>
internal sealed class ConnectionHealthRecorder(
    IServiceScopeFactory scopes,
    BrokerWorkSignal signal,
    KnownHealthyConnections knownHealthy,
    BrokerCallOptions options,
    TimeProvider clock,
    ILogger<ConnectionHealthRecorder> logger)
{
    private const int Attempts = 5;

    public async Task RecordAsync(Guid connectionId, OsbAnswer answer)
    {
        var failure = answer is OsbAnswer.NoAnswer { IsTransportFailure: true } none ? none : null;
        if (failure is not null)
        {
            knownHealthy.Forget(connectionId); // at once, even if recording the failure below does not get through
        }
        else if (knownHealthy.Contains(connectionId))
        {
            return;
        }

        try
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                if (await TryRecordAsync(connectionId, failure))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Recording the health of connection {ConnectionId} failed", connectionId);
        }
    }

    /// <summary>One optimistic attempt; false when another worker or node changed the health meanwhile.</summary>
    private async Task<bool> TryRecordAsync(Guid connectionId, OsbAnswer.NoAnswer? failure)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var health = await db.ConnectionHealth.FirstOrDefaultAsync(h => h.Id == connectionId);
        if (health is null)
        {
            return true; // not a stored connection (a registration being checked) or one that is gone
        }

        var now = clock.GetUtcNow();
        var wasDegraded = health.State == ConnectionState.Degraded;
        if (failure is null)
        {
            health.RecordAnswer(now);
        }
        else
        {
            health.RecordTransportFailure(failure.Reason, now, options.BreakerPolicy);
        }

        try
        {
            using var turn = await scope.ServiceProvider.GetRequiredService<DatabaseWriteGate>().EnterAsync(CancellationToken.None);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        if (failure is not null)
        {
            knownHealthy.Forget(connectionId);
            if (!wasDegraded && health.State == ConnectionState.Degraded)
            {
                logger.LogWarning(
                    "Broker connection {ConnectionId} is degraded after {Failures} transport failures in a row: {Error}",
                    connectionId, health.ConsecutiveFailures, failure.Reason);
            }

            return true;
        }

        knownHealthy.Add(connectionId);
        if (wasDegraded)
        {
            var resumed = await scope.ServiceProvider.GetRequiredService<OperationClaims>().ResumeAwaitingBrokerAsync(connectionId, now, CancellationToken.None);
            logger.LogInformation("Broker connection {ConnectionId} answers again; {Resumed} waiting operation(s) resume", connectionId, resumed);
            signal.Wake();
        }

        return true;
    }
}

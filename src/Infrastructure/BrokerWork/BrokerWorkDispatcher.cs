using System.Collections.Concurrent;
using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Catalog.RefreshCatalog;
using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>
/// Runs every background call to brokers on this node — operation steps (polls, retries, fresh requests, orphan
/// mitigation), catalog refreshes and probes of degraded connections — isolated per connection:
/// <list type="bullet">
/// <item>each connection gets at most its budget of calls in flight (counted across nodes in the database); work over
/// budget waits in the database, not in a thread;</item>
/// <item>a call is an awaited I/O, never a blocked thread: a hung broker costs its own budget and nothing else;</item>
/// <item>connections take turns (the pass starts at another one each time), so a healthy broker's work starts at once
/// whatever another broker does;</item>
/// <item>a degraded connection gets no new calls but its probe, and its waiting operations still end at their deadline.</item>
/// </list>
/// A pass runs every <see cref="BrokerOperationOptions.DispatchInterval"/> and whenever work was committed on this node.
/// Per connection, up to its free budget of lanes each claim the next due operation, run its step and claim again
/// until nothing is due. Hangfire is not in this path: its workers are threads, one per call, which a few hung brokers
/// would exhaust (ADR 0002).
/// </summary>
internal sealed class BrokerWorkDispatcher(
    IServiceScopeFactory scopes,
    BrokerWorkSignal signal,
    KnownHealthyConnections knownHealthy,
    BrokerOperationOptions options,
    BrokerCallOptions calls,
    TimeProvider clock,
    ILogger<BrokerWorkDispatcher> logger) : BackgroundService
{
    /// <summary>Lanes (and refreshes and probes) per connection on this node.</summary>
    private readonly ConcurrentDictionary<Guid, int> _running = new();

    /// <summary>Sweeps, refreshes and probes: one of each kind per connection at a time on this node.</summary>
    private readonly ConcurrentDictionary<(Guid, string), byte> _single = new();

    private int _runningTotal;
    private int _rotation;

    /// <summary>
    /// The shortest time between the starts of two passes (never longer than the dispatch interval): a pass reads every
    /// connection's work, and woken by each commit it would run hundreds of times a second under load (P4: 15 % of the CPU).
    /// </summary>
    private TimeSpan MinimumPassSpacing => options.DispatchInterval < MaxPassSpacing ? options.DispatchInterval : MaxPassSpacing;

    private static readonly TimeSpan MaxPassSpacing = TimeSpan.FromMilliseconds(50);

    /// <summary>Set when a pass had work it could not start for lack of node-wide room: lanes then yield after their step.</summary>
    private volatile bool _othersWaiting;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var passStarted = clock.GetTimestamp();
            try
            {
                await PassAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unreachable; the work waits in it.
                if (failures++ % 100 == 0)
                {
                    logger.LogWarning(e, "A broker work dispatch pass failed; retrying");
                }
            }

            try
            {
                await signal.WaitAsync(options.DispatchInterval, stoppingToken);

                // Under load every request commits work and wakes the dispatcher; one pass per spacing answers them all.
                var spacing = MinimumPassSpacing - clock.GetElapsedTime(passStarted);
                if (spacing > TimeSpan.Zero)
                {
                    await Task.Delay(spacing, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: for each connection with due work, in turn, start what its budget and the node's room allow.</summary>
    public async Task PassAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<ConnectionWork> work;
        await using (var scope = scopes.CreateAsyncScope())
        {
            work = await scope.ServiceProvider.GetRequiredService<ConnectionWorkQuery>()
                .WithWorkAsync(clock.GetUtcNow(), calls.MaxConcurrentCallsPerConnection, stoppingToken);
        }

        if (work.Count == 0)
        {
            _othersWaiting = false;
            return;
        }

        var start = (int)((uint)Interlocked.Increment(ref _rotation) % (uint)work.Count);
        var starved = false;
        for (var i = 0; i < work.Count; i++)
        {
            var connection = work[(start + i) % work.Count];
            if (connection.Degraded || connection.ConsecutiveFailures > 0)
            {
                knownHealthy.Forget(connection.ConnectionId); // another node saw failures: record this node's next answer too
            }

            if (connection.ProbeDue)
            {
                StartOnce(connection, nameof(ProbeAsync), ProbeAsync, stoppingToken);
            }

            if (connection.RefreshDue && RoomFor(connection) > 0)
            {
                StartOnce(connection, nameof(RefreshAsync), RefreshAsync, stoppingToken); // the owner's refresh bypasses the breaker
            }

            if (connection.Degraded)
            {
                if (connection.HasDueOperations)
                {
                    StartOnce(connection, nameof(WaitOrGiveUpAsync), WaitOrGiveUpAsync, stoppingToken); // no broker call: outside the budget
                }

                continue;
            }

            if (!connection.HasDueOperations)
            {
                continue;
            }

            // As many lanes as there is due work, within the budget: a lane that finds nothing would only cost a query.
            for (var room = Math.Min(RoomFor(connection), connection.DueOperations); room > 0; room--)
            {
                if (!TryReserveNodeRoom())
                {
                    starved = true;
                    break;
                }

                Start(connection, LaneAsync, stoppingToken);
            }
        }

        _othersWaiting = starved;
    }

    /// <summary>What the connection's budget still allows: what the database counts in flight, or what this node runs, whichever is more.</summary>
    private int RoomFor(ConnectionWork connection) =>
        connection.Budget - Math.Max(connection.InFlight, _running.GetValueOrDefault(connection.ConnectionId));

    private bool TryReserveNodeRoom()
    {
        if (Interlocked.Increment(ref _runningTotal) <= calls.MaxConcurrentCallsPerNode)
        {
            return true;
        }

        Interlocked.Decrement(ref _runningTotal);
        return false;
    }

    /// <summary>Starts <paramref name="work"/> unless this node already runs that kind of work for the connection.</summary>
    private void StartOnce(ConnectionWork connection, string kind, Func<ConnectionWork, CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        var key = (connection.ConnectionId, kind);
        if (!_single.TryAdd(key, 0))
        {
            return;
        }

        Interlocked.Increment(ref _runningTotal);
        Start(
            connection,
            async (c, token) =>
            {
                try
                {
                    await work(c, token);
                }
                finally
                {
                    _single.TryRemove(key, out _);
                }
            },
            stoppingToken);
    }

    /// <summary>Runs <paramref name="work"/> as a task of its own; its node room was reserved by the caller.</summary>
    private void Start(ConnectionWork connection, Func<ConnectionWork, CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        _running.AddOrUpdate(connection.ConnectionId, 1, (_, n) => n + 1);
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await work(connection, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // shutting down; claims are given back or lapse
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Broker work on connection {ConnectionId} failed", connection.ConnectionId);
                }
                finally
                {
                    _running.AddOrUpdate(connection.ConnectionId, 0, (_, n) => n - 1);
                    Interlocked.Decrement(ref _runningTotal);
                }
            },
            CancellationToken.None);
    }

    /// <summary>Claims the connection's next due operation and runs its step, again and again, until nothing is due or there is no room.</summary>
    private async Task LaneAsync(ConnectionWork connection, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var claimToken = Guid.NewGuid();
            var now = clock.GetUtcNow();
            OperationClaim? claim;
            try
            {
                claim = await scope.ServiceProvider.GetRequiredService<OperationClaims>()
                    .ClaimNextAsync(
                        connection.ConnectionId, connection.Budget, claimToken, now, now + connection.Timeout + options.ClaimMargin, stoppingToken,
                        lookFirst: false); // the pass counted due work for this lane, and after a step there is usually more
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Claiming work on connection {ConnectionId} failed; the next pass tries again", connection.ConnectionId);
                return;
            }

            if (claim is null)
            {
                return;
            }

            await scope.ServiceProvider.GetRequiredService<OperationStepRunner>().RunAsync(claim, stoppingToken);
            if (_othersWaiting)
            {
                return; // the node is full and other connections wait: give the next pass the room
            }
        }
    }

    /// <summary>A degraded connection's due operations wait for it or, at their deadline, give up — without a call.</summary>
    private async Task WaitOrGiveUpAsync(ConnectionWork connection, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var claims = scope.ServiceProvider.GetRequiredService<OperationClaims>();
        foreach (var id in await claims.DueWithoutCallAsync(connection.ConnectionId, clock.GetUtcNow(), 100, stoppingToken))
        {
            await using var step = scopes.CreateAsyncScope();
            var claimToken = Guid.NewGuid();
            var now = clock.GetUtcNow();
            if (await step.ServiceProvider.GetRequiredService<OperationClaims>().TryClaimAsync(id, claimToken, now, now + options.ClaimMargin, stoppingToken))
            {
                await step.ServiceProvider.GetRequiredService<OperationStepRunner>().RunAsync(id, claimToken, stoppingToken);
            }
        }
    }

    /// <summary>B4, B7: the connection's pending catalog refresh, within its budget; the breaker does not hold it back.</summary>
    private async Task RefreshAsync(ConnectionWork connection, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var refreshes = scope.ServiceProvider.GetRequiredService<CatalogRefreshClaims>();
        var now = clock.GetUtcNow();
        if (await refreshes.TryClaimAsync(connection.BrokerId, connection.PublicationId, now, now + connection.Timeout + options.ClaimMargin, stoppingToken)
            is not { } request)
        {
            return; // another node runs it
        }

        var started = clock.GetTimestamp();
        try
        {
            await using var run = scopes.CreateAsyncScope();
            await run.ServiceProvider.GetRequiredService<ISender>()
                .Send(new RefreshCatalogCommand(connection.BrokerId, connection.PublicationId, request.RequestedBy), stoppingToken);
            logger.LogInformation(
                "Catalog refresh of connection {ConnectionId} took {DurationMs} ms (fetch, check, apply and save)",
                connection.ConnectionId, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            await refreshes.CompleteAsync(connection.BrokerId, connection.PublicationId, request.RequestedAt, CancellationToken.None);
        }
    }

    /// <summary>X3: a degraded connection is probed with a catalog GET; its answer (recorded like every call's) can close the circuit.</summary>
    private async Task ProbeAsync(ConnectionWork connection, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<ConnectionWorkQuery>()
                .TryClaimProbeAsync(connection.ConnectionId, clock.GetUtcNow(), calls.BreakerPolicy.ProbeInterval, stoppingToken))
        {
            await scope.ServiceProvider.GetRequiredService<ConnectionProbe>().ProbeAsync(connection.BrokerId, connection.PublicationId, stoppingToken);
        }
    }
}

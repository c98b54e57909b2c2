using Hangfire;
using Hangfire.States;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.ServiceInstances.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// The sweeper of O2: a database due-time loop. Every <see cref="OperationsOptions.DispatchInterval"/> it claims the
/// operations that are due (a poll, a retry, a fresh request) and enqueues one <see cref="OperationStepJob"/> each.
/// Hangfire's scheduled jobs are only picked up every 15 s, far too coarse for polls due in a second; and since the
/// database holds every operation, a restart (with in-memory job storage) resumes them once their claims lapse.
/// </summary>
internal sealed class OperationDispatcher(
    IServiceScopeFactory scopes,
    IBackgroundJobClient jobs,
    JobStorage storage,
    OperationsOptions options,
    TimeProvider clock,
    ILogger<OperationDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unreachable; the operations wait in it.
                if (failures++ % 100 == 0)
                {
                    logger.LogWarning(e, "Dispatching due broker operations failed; retrying");
                }
            }

            try
            {
                await Task.Delay(options.DispatchInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One pass: claim what is due and enqueue it. Answers how many steps were enqueued. Steps still waiting in the
    /// queue count against the batch: when every worker is busy with slow brokers, nothing more is claimed, so claims
    /// do not lapse in the queue and get claimed twice. The queue is only counted when something is due, so an idle
    /// node makes one indexed query per pass.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var claims = scope.ServiceProvider.GetRequiredService<IOperationClaims>();
        var now = clock.GetUtcNow();
        var due = await claims.FindDueAsync(now, options.DispatchBatchSize, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var room = options.DispatchBatchSize - (int)Math.Min(storage.GetMonitoringApi().EnqueuedCount(OperationStepJob.Queue), int.MaxValue);
        var enqueued = 0;
        foreach (var operationId in due.Take(Math.Max(room, 0)))
        {
            var claimToken = Guid.NewGuid();
            if (!await claims.TryClaimAsync(operationId, claimToken, now, now + options.ClaimMargin, cancellationToken))
            {
                continue; // another node was quicker
            }

            jobs.Create<OperationStepJob>(job => job.RunAsync(operationId, claimToken, CancellationToken.None), new EnqueuedState(OperationStepJob.Queue));
            enqueued++;
        }

        return enqueued;
    }
}

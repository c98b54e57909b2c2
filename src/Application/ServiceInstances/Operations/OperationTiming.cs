namespace Marketplace.Application.ServiceInstances.Operations;

/// <summary>When the next poll or retry of an operation is due, and when it gives up (D34, D38, N93).</summary>
public sealed class OperationTiming(OperationsOptions options)
{
    public OperationsOptions Options { get; } = options;

    /// <summary>D38: the smaller of the plan's <c>maximum_polling_duration</c> and the platform's limit.</summary>
    public DateTimeOffset DeadlineFor(DateTimeOffset startedAt, int? planMaximumPollingSeconds)
    {
        var limit = Options.MaximumPollingDuration;
        if (planMaximumPollingSeconds is > 0 && TimeSpan.FromSeconds(planMaximumPollingSeconds.Value) < limit)
        {
            limit = TimeSpan.FromSeconds(planMaximumPollingSeconds.Value);
        }

        return startedAt + limit;
    }

    /// <summary>
    /// The next poll: the broker's <c>Retry-After</c> when it sent one (capped at the maximum interval, P7), else a
    /// fraction of the operation's age — tight early, backing off later.
    /// </summary>
    public DateTimeOffset NextPoll(DateTimeOffset startedAt, DateTimeOffset now, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return now + Bound(asked, Options.InitialPollInterval);
        }

        var wait = TimeSpan.FromTicks((long)((now - startedAt).Ticks * Options.PollBackoffRatio));
        return now + Clamp(wait, Options.InitialPollInterval);
    }

    /// <summary>Retries (deletes, orphan mitigation, <c>ConcurrencyError</c>) double from the initial delay per attempt.</summary>
    public DateTimeOffset NextRetry(int attempts, DateTimeOffset now, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } asked)
        {
            return now + Bound(asked, Options.RetryInitialDelay);
        }

        var exponent = Math.Min(attempts, 20);
        return now + Clamp(TimeSpan.FromTicks(Options.RetryInitialDelay.Ticks * (1L << exponent)), TimeSpan.Zero);
    }

    /// <summary>A broker's <c>Retry-After</c>: never sooner than our own shortest wait (a 0 would poll in a loop), never beyond the cap (P7).</summary>
    private TimeSpan Bound(TimeSpan asked, TimeSpan minimum) =>
        asked < minimum ? minimum : asked > Options.MaximumRetryAfter ? Options.MaximumRetryAfter : asked;

    private TimeSpan Clamp(TimeSpan wait, TimeSpan minimum) =>
        wait < minimum ? minimum : wait > Options.MaximumPollInterval ? Options.MaximumPollInterval : wait;
}

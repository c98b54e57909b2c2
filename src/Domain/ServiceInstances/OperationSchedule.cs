namespace Marketplace.Domain.ServiceInstances;

/// <summary>
/// When an operation's next poll or retry is due and when it gives up (D34, D38, N93). Polls are tight at first and
/// back off in proportion to the operation's age: an operation the broker ends after T seconds is seen by about
/// T × (1 + <see cref="PollBackoffRatio"/>), and never later than <see cref="InitialPollInterval"/> after T for short ones.
/// </summary>
public sealed record OperationSchedule(
    TimeSpan InitialPollInterval,
    double PollBackoffRatio,
    TimeSpan MaximumPollInterval,
    TimeSpan MaximumRetryAfter,
    TimeSpan MaximumPollingDuration,
    TimeSpan RetryInitialDelay)
{
    public static OperationSchedule Default { get; } = new(
        InitialPollInterval: TimeSpan.FromMilliseconds(500),
        PollBackoffRatio: 0.08,
        MaximumPollInterval: TimeSpan.FromMinutes(5),
        MaximumRetryAfter: TimeSpan.FromHours(1),
        MaximumPollingDuration: TimeSpan.FromDays(7),
        RetryInitialDelay: TimeSpan.FromSeconds(2));

    /// <summary>D38: the smaller of the plan's <c>maximum_polling_duration</c> and the platform's limit.</summary>
    public DateTimeOffset DeadlineFor(DateTimeOffset startedAt, int? planMaximumPollingSeconds)
    {
        var limit = MaximumPollingDuration;
        if (planMaximumPollingSeconds is > 0 && TimeSpan.FromSeconds(planMaximumPollingSeconds.Value) < limit)
        {
            limit = TimeSpan.FromSeconds(planMaximumPollingSeconds.Value);
        }

        return startedAt + limit;
    }

    /// <summary>
    /// The next poll: the broker's <c>Retry-After</c> when it sent one (capped, P7 of the checklist), else a fraction of
    /// the operation's age — tight early, backing off later.
    /// </summary>
    public DateTimeOffset NextPoll(DateTimeOffset startedAt, DateTimeOffset now, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return now + Bound(asked, InitialPollInterval);
        }

        var wait = TimeSpan.FromTicks((long)((now - startedAt).Ticks * PollBackoffRatio));
        return now + Clamp(wait, InitialPollInterval);
    }

    /// <summary>Retries (deletes, orphan mitigation, <c>ConcurrencyError</c>, our own failures) double from the initial delay per attempt.</summary>
    public DateTimeOffset NextRetry(int attempts, DateTimeOffset now, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } asked)
        {
            return now + Bound(asked, RetryInitialDelay);
        }

        var exponent = Math.Clamp(attempts, 0, 20);
        return now + Clamp(TimeSpan.FromTicks(RetryInitialDelay.Ticks * (1L << exponent)), TimeSpan.Zero);
    }

    /// <summary>A broker's <c>Retry-After</c>: never sooner than our own shortest wait (a 0 would poll in a loop), never beyond the cap.</summary>
    private TimeSpan Bound(TimeSpan asked, TimeSpan minimum) =>
        asked < minimum ? minimum : asked > MaximumRetryAfter ? MaximumRetryAfter : asked;

    private TimeSpan Clamp(TimeSpan wait, TimeSpan minimum) =>
        wait < minimum ? minimum : wait > MaximumPollInterval ? MaximumPollInterval : wait;
}

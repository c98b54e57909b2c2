namespace Marketplace.Application.ServiceInstances.Operations;

/// <summary>Timing of asynchronous broker operations (configuration section <c>Operations</c>).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>The first poll after a 202, and the shortest interval between polls.</summary>
    public TimeSpan InitialPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Polls back off in proportion to the operation's age: the next poll waits this fraction of the time
    /// since the operation started (at least <see cref="InitialPollInterval"/>). An operation that ends after
    /// T seconds is seen by about T × (1 + ratio) + the dispatch interval.
    /// </summary>
    public double PollBackoffRatio { get; set; } = 0.2;

    /// <summary>The longest interval between polls or retries the marketplace chooses itself.</summary>
    public TimeSpan MaximumPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The cap on a broker's <c>Retry-After</c> (P7); a poll is never put off past the operation's deadline either.</summary>
    public TimeSpan MaximumRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The platform's polling limit; a plan's shorter <c>maximum_polling_duration</c> wins (D38).</summary>
    public TimeSpan MaximumPollingDuration { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The first wait before retrying a failed delete, an orphan mitigation or a <c>ConcurrencyError</c>; doubles per attempt.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the dispatcher looks for due operations.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claim outlives the broker's request timeout; a crashed worker's operation resumes after it.</summary>
    public TimeSpan ClaimMargin { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Operations claimed per dispatch pass.</summary>
    public int DispatchBatchSize { get; set; } = 50;
}

using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.BrokerOperations;

/// <summary>Timing and limits of broker operations in flight (configuration section <c>Operations</c>).</summary>
public sealed class BrokerOperationOptions
{
    public const string Section = "Operations";

    /// <summary>The first poll after a 202, and the shortest interval between polls.</summary>
    public TimeSpan InitialPollInterval { get; set; } = OperationSchedule.Default.InitialPollInterval;

    /// <summary>
    /// Polls back off in proportion to the operation's age: the next poll waits this fraction of the time since the
    /// operation started (at least <see cref="InitialPollInterval"/>). An operation that ends after T seconds is seen
    /// by about T × (1 + ratio) plus the dispatch interval.
    /// </summary>
    public double PollBackoffRatio { get; set; } = OperationSchedule.Default.PollBackoffRatio;

    /// <summary>The longest interval between polls or retries the marketplace chooses itself.</summary>
    public TimeSpan MaximumPollInterval { get; set; } = OperationSchedule.Default.MaximumPollInterval;

    /// <summary>The cap on a broker's <c>Retry-After</c>; a poll is never put off past the operation's deadline either.</summary>
    public TimeSpan MaximumRetryAfter { get; set; } = OperationSchedule.Default.MaximumRetryAfter;

    /// <summary>The platform's polling limit; a plan's shorter <c>maximum_polling_duration</c> wins (D38).</summary>
    public TimeSpan MaximumPollingDuration { get; set; } = OperationSchedule.Default.MaximumPollingDuration;

    /// <summary>The first wait before retrying a failed delete, an orphan mitigation or a <c>ConcurrencyError</c>; doubles per attempt.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = OperationSchedule.Default.RetryInitialDelay;

    /// <summary>How often each node looks in the database for due work when nothing wakes it earlier.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a claim outlives the broker's request timeout; a crashed node's operation resumes after it.</summary>
    public TimeSpan ClaimMargin { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Times the marketplace may fail to run one step (a database error, a bug) before the operation fails.</summary>
    public int MaxStepFailures { get; set; } = 5;

    /// <summary>Refuses values that would stall or spin the engine; called at start, so a bad setting stops the node at once.</summary>
    public void Validate()
    {
        Require(InitialPollInterval > TimeSpan.Zero, nameof(InitialPollInterval), "a positive TimeSpan");
        Require(PollBackoffRatio >= 0, nameof(PollBackoffRatio), "zero or more");
        Require(MaximumPollInterval >= InitialPollInterval, nameof(MaximumPollInterval), "at least InitialPollInterval");
        Require(MaximumRetryAfter > TimeSpan.Zero, nameof(MaximumRetryAfter), "a positive TimeSpan");
        Require(MaximumPollingDuration > TimeSpan.Zero, nameof(MaximumPollingDuration), "a positive TimeSpan");
        Require(RetryInitialDelay > TimeSpan.Zero, nameof(RetryInitialDelay), "a positive TimeSpan");
        Require(DispatchInterval > TimeSpan.Zero, nameof(DispatchInterval), "a positive TimeSpan");
        Require(ClaimMargin >= TimeSpan.Zero, nameof(ClaimMargin), "zero or a positive TimeSpan");
        Require(MaxStepFailures >= 1, nameof(MaxStepFailures), "1 or more");
    }

    private static void Require(bool valid, string key, string expected) => OptionsGuard.Require(valid, Section, key, expected);

    public OperationSchedule Schedule => new(
        InitialPollInterval, PollBackoffRatio, MaximumPollInterval, MaximumRetryAfter, MaximumPollingDuration, RetryInitialDelay);
}

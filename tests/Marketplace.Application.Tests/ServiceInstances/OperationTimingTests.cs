using Marketplace.Application.ServiceInstances.Operations;

namespace Marketplace.Application.Tests.ServiceInstances;

/// <summary>
/// <see cref="OperationTiming"/>: the deadline is the smaller of the plan's <c>maximum_polling_duration</c> and
/// the platform's limit (D38); polls back off in proportion to the operation's age between the minimum and maximum
/// interval (D34); a broker's <c>Retry-After</c> is honoured up to <see cref="OperationsOptions.MaximumRetryAfter"/>
/// (P7); retries double from the initial delay and are capped.
/// </summary>
public sealed class OperationTimingTests
{
    private static readonly DateTimeOffset StartedAt = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly OperationsOptions Options = new()
    {
        InitialPollInterval = TimeSpan.FromSeconds(1),
        PollBackoffRatio = 0.2,
        MaximumPollInterval = TimeSpan.FromMinutes(5),
        MaximumRetryAfter = TimeSpan.FromHours(1),
        MaximumPollingDuration = TimeSpan.FromHours(2),
        RetryInitialDelay = TimeSpan.FromSeconds(2),
    };

    private readonly OperationTiming _timing = new(Options);

    [Theory]
    [InlineData(null, 7200)]
    [InlineData(0, 7200)]
    [InlineData(-5, 7200)]
    [InlineData(600, 600)]
    [InlineData(7199, 7199)]
    [InlineData(7200, 7200)]
    [InlineData(86_400, 7200)]
    public void The_deadline_is_the_smaller_of_the_plans_maximum_polling_duration_and_the_platforms(int? planSeconds, int expectedSeconds)
    {
        _timing.DeadlineFor(StartedAt, planSeconds).ShouldBe(StartedAt.AddSeconds(expectedSeconds));
    }

    [Fact]
    public void The_first_polls_wait_the_minimum_interval()
    {
        _timing.NextPoll(StartedAt, StartedAt, null).ShouldBe(StartedAt.AddSeconds(1));
        _timing.NextPoll(StartedAt, StartedAt.AddSeconds(4), null).ShouldBe(StartedAt.AddSeconds(5));
    }

    [Theory]
    [InlineData(10, 2)]
    [InlineData(60, 12)]
    [InlineData(600, 120)]
    public void Polls_back_off_in_proportion_to_the_operations_age(int ageSeconds, int waitSeconds)
    {
        var now = StartedAt.AddSeconds(ageSeconds);

        _timing.NextPoll(StartedAt, now, null).ShouldBe(now.AddSeconds(waitSeconds));
    }

    [Fact]
    public void Polls_of_an_old_operation_wait_at_most_the_maximum_interval()
    {
        var now = StartedAt.AddHours(10);

        _timing.NextPoll(StartedAt, now, null).ShouldBe(now + Options.MaximumPollInterval);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(1800)]
    [InlineData(3600)]
    public void A_Retry_After_up_to_the_maximum_is_honoured_for_polls_even_above_the_maximum_interval(int seconds)
    {
        var now = StartedAt.AddSeconds(600);

        _timing.NextPoll(StartedAt, now, TimeSpan.FromSeconds(seconds)).ShouldBe(now.AddSeconds(seconds));
    }

    [Fact]
    public void A_Retry_After_of_zero_waits_at_least_the_initial_interval_so_a_broker_cannot_make_us_poll_in_a_loop()
    {
        var now = StartedAt.AddSeconds(600);

        _timing.NextPoll(StartedAt, now, TimeSpan.Zero).ShouldBe(now + Options.InitialPollInterval);
        _timing.NextRetry(0, now, TimeSpan.Zero).ShouldBe(now + Options.RetryInitialDelay);
    }

    [Fact]
    public void A_Retry_After_beyond_the_maximum_is_capped_for_polls_and_retries()
    {
        var now = StartedAt.AddSeconds(30);
        var asked = TimeSpan.FromDays(365);

        _timing.NextPoll(StartedAt, now, asked).ShouldBe(now + Options.MaximumRetryAfter);
        _timing.NextRetry(3, now, asked).ShouldBe(now + Options.MaximumRetryAfter);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 4)]
    [InlineData(2, 8)]
    [InlineData(5, 64)]
    [InlineData(7, 256)]
    public void Retries_double_from_the_initial_delay_per_attempt(int attempts, int waitSeconds)
    {
        _timing.NextRetry(attempts, StartedAt).ShouldBe(StartedAt.AddSeconds(waitSeconds));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void Retries_are_capped_at_the_maximum_interval_however_many_attempts_failed(int attempts)
    {
        _timing.NextRetry(attempts, StartedAt).ShouldBe(StartedAt + Options.MaximumPollInterval);
    }

    [Fact]
    public void A_retry_honours_the_brokers_Retry_After_instead_of_the_backoff()
    {
        _timing.NextRetry(6, StartedAt, TimeSpan.FromSeconds(3)).ShouldBe(StartedAt.AddSeconds(3));
    }

    [Fact]
    public void The_defaults_back_off_from_one_second_to_five_minutes_and_cap_the_deadline_at_a_week()
    {
        var timing = new OperationTiming(new OperationsOptions());

        timing.NextPoll(StartedAt, StartedAt, null).ShouldBe(StartedAt.AddSeconds(1));
        timing.NextPoll(StartedAt, StartedAt.AddDays(1), null).ShouldBe(StartedAt.AddDays(1).AddMinutes(5));
        timing.DeadlineFor(StartedAt, null).ShouldBe(StartedAt.AddDays(7));
        timing.NextRetry(0, StartedAt).ShouldBe(StartedAt.AddSeconds(2));
    }
}

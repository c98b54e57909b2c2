using Marketplace.Domain.ServiceInstances;
using Shouldly;

namespace Marketplace.Domain.Tests.ServiceInstances;

/// <summary>
/// <see cref="OperationSchedule"/>: the deadline is the smaller of the plan's <c>maximum_polling_duration</c> and
/// the platform's limit (D38); polls back off in proportion to the operation's age between the initial and maximum
/// interval (D34); a broker's <c>Retry-After</c> is honoured up to <see cref="OperationSchedule.MaximumRetryAfter"/>
/// (checklist P7) but never sooner than our own shortest wait; retries double from the initial delay and are capped.
/// </summary>
public sealed class OperationScheduleTests
{
    private static readonly DateTimeOffset StartedAt = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly OperationSchedule Schedule = new(
        InitialPollInterval: TimeSpan.FromSeconds(1),
        PollBackoffRatio: 0.2,
        MaximumPollInterval: TimeSpan.FromMinutes(5),
        MaximumRetryAfter: TimeSpan.FromHours(1),
        MaximumPollingDuration: TimeSpan.FromHours(2),
        RetryInitialDelay: TimeSpan.FromSeconds(2));

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
        Schedule.DeadlineFor(StartedAt, planSeconds).ShouldBe(StartedAt.AddSeconds(expectedSeconds));
    }

    [Fact]
    public void The_first_polls_wait_the_minimum_interval()
    {
        Schedule.NextPoll(StartedAt, StartedAt, null).ShouldBe(StartedAt.AddSeconds(1));
        Schedule.NextPoll(StartedAt, StartedAt.AddSeconds(4), null).ShouldBe(StartedAt.AddSeconds(5));
    }

    [Theory]
    [InlineData(10, 2)]
    [InlineData(60, 12)]
    [InlineData(600, 120)]
    public void Polls_back_off_in_proportion_to_the_operations_age(int ageSeconds, int waitSeconds)
    {
        var now = StartedAt.AddSeconds(ageSeconds);

        Schedule.NextPoll(StartedAt, now, null).ShouldBe(now.AddSeconds(waitSeconds));
    }

    [Fact]
    public void Polls_of_an_old_operation_wait_at_most_the_maximum_interval()
    {
        var now = StartedAt.AddHours(10);

        Schedule.NextPoll(StartedAt, now, null).ShouldBe(now + Schedule.MaximumPollInterval);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(1800)]
    [InlineData(3600)]
    public void A_Retry_After_up_to_the_maximum_is_honoured_for_polls_even_above_the_maximum_interval(int seconds)
    {
        var now = StartedAt.AddSeconds(600);

        Schedule.NextPoll(StartedAt, now, TimeSpan.FromSeconds(seconds)).ShouldBe(now.AddSeconds(seconds));
    }

    [Fact]
    public void A_Retry_After_below_the_backoff_is_honoured_for_polls_instead_of_the_backoff()
    {
        var now = StartedAt.AddSeconds(600);

        Schedule.NextPoll(StartedAt, now, TimeSpan.FromSeconds(3)).ShouldBe(now.AddSeconds(3));
    }

    [Fact]
    public void A_Retry_After_of_zero_waits_at_least_the_initial_interval_so_a_broker_cannot_make_us_poll_in_a_loop()
    {
        var now = StartedAt.AddSeconds(600);

        Schedule.NextPoll(StartedAt, now, TimeSpan.Zero).ShouldBe(now + Schedule.InitialPollInterval);
        Schedule.NextRetry(0, now, TimeSpan.Zero).ShouldBe(now + Schedule.RetryInitialDelay);
    }

    [Fact]
    public void A_Retry_After_beyond_the_maximum_is_capped_for_polls_and_retries()
    {
        var now = StartedAt.AddSeconds(30);
        var asked = TimeSpan.FromDays(365);

        Schedule.NextPoll(StartedAt, now, asked).ShouldBe(now + Schedule.MaximumRetryAfter);
        Schedule.NextRetry(3, now, asked).ShouldBe(now + Schedule.MaximumRetryAfter);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 4)]
    [InlineData(2, 8)]
    [InlineData(5, 64)]
    [InlineData(7, 256)]
    public void Retries_double_from_the_initial_delay_per_attempt(int attempts, int waitSeconds)
    {
        Schedule.NextRetry(attempts, StartedAt).ShouldBe(StartedAt.AddSeconds(waitSeconds));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void Retries_are_capped_at_the_maximum_interval_however_many_attempts_failed(int attempts)
    {
        Schedule.NextRetry(attempts, StartedAt).ShouldBe(StartedAt + Schedule.MaximumPollInterval);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_negative_attempt_count_waits_the_initial_delay(int attempts)
    {
        Schedule.NextRetry(attempts, StartedAt).ShouldBe(StartedAt + Schedule.RetryInitialDelay);
    }

    [Fact]
    public void A_retry_honours_the_brokers_Retry_After_instead_of_the_backoff()
    {
        Schedule.NextRetry(6, StartedAt, TimeSpan.FromSeconds(3)).ShouldBe(StartedAt.AddSeconds(3));
    }

    [Fact]
    public void A_schedule_is_a_value_whose_settings_can_be_replaced_one_at_a_time()
    {
        var longer = Schedule with { MaximumPollingDuration = TimeSpan.FromHours(3) };

        longer.DeadlineFor(StartedAt, null).ShouldBe(StartedAt.AddHours(3));
        longer.NextRetry(0, StartedAt).ShouldBe(Schedule.NextRetry(0, StartedAt));
        longer.ShouldNotBe(Schedule);
        (longer with { MaximumPollingDuration = TimeSpan.FromHours(2) }).ShouldBe(Schedule);
    }

    [Fact]
    public void The_defaults_poll_after_half_a_second_back_off_by_8_percent_to_five_minutes_and_cap_the_deadline_at_a_week()
    {
        var schedule = OperationSchedule.Default;

        schedule.NextPoll(StartedAt, StartedAt, null).ShouldBe(StartedAt.AddMilliseconds(500));
        schedule.NextPoll(StartedAt, StartedAt.AddSeconds(100), null).ShouldBe(StartedAt.AddSeconds(108));
        schedule.NextPoll(StartedAt, StartedAt.AddDays(1), null).ShouldBe(StartedAt.AddDays(1).AddMinutes(5));
        schedule.NextPoll(StartedAt, StartedAt, TimeSpan.FromDays(2)).ShouldBe(StartedAt.AddHours(1));
        schedule.DeadlineFor(StartedAt, null).ShouldBe(StartedAt.AddDays(7));
        schedule.NextRetry(0, StartedAt).ShouldBe(StartedAt.AddSeconds(2));
    }
}

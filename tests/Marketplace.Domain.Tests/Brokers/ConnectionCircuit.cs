using Marketplace.Domain.Brokers;
using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Brokers;

/// <summary>
/// A connection's circuit breaker (X3): consecutive transport failures open it, any HTTP answer closes it, a degraded
/// connection refuses new operations until its next probe and is probed on a schedule; and the owner's limit on calls
/// in flight stays between one and the platform's ceiling.
/// </summary>
public sealed class ConnectionCircuit
{
    private static readonly DateTimeOffset Now = RegisteredAt.AddDays(1);
    private static readonly CircuitBreakerPolicy Policy = new(FailuresToOpen: 3, ProbeInterval: TimeSpan.FromSeconds(20));

    [Fact]
    public void A_new_connection_is_healthy_and_named_by_its_publication_or_its_broker()
    {
        var brokerId = Guid.NewGuid();
        var publicationId = Guid.NewGuid();

        var registration = ConnectionHealth.For(brokerId, null, Now);
        var publication = ConnectionHealth.For(brokerId, publicationId, Now);

        registration.Id.ShouldBe(brokerId);
        publication.Id.ShouldBe(publicationId);
        publication.State.ShouldBe(ConnectionState.Healthy);
        publication.Since.ShouldBe(Now);
        publication.NextProbeAt.ShouldBeNull();
    }

    [Fact]
    public void Fewer_consecutive_transport_failures_than_the_threshold_keep_it_healthy()
    {
        var health = ConnectionHealth.For(Guid.NewGuid(), null, Now);

        health.RecordTransportFailure("refused", Now, Policy);
        health.RecordTransportFailure("refused", Now.AddSeconds(1), Policy);

        health.State.ShouldBe(ConnectionState.Healthy);
        health.ConsecutiveFailures.ShouldBe(2);
        health.LastError.ShouldBe("refused");
        Should.NotThrow(() => health.EnsureAcceptsNewOperations(Now));
    }

    [Fact]
    public void The_threshold_of_failures_in_a_row_degrades_it_and_schedules_a_probe()
    {
        var health = Degraded(out var at);

        health.State.ShouldBe(ConnectionState.Degraded);
        health.Since.ShouldBe(at);
        health.NextProbeAt.ShouldBe(at + Policy.ProbeInterval);
        health.IsProbeDue(at).ShouldBeFalse();
        health.IsProbeDue(at + Policy.ProbeInterval).ShouldBeTrue();
    }

    [Fact]
    public void An_answer_between_failures_resets_the_count()
    {
        var health = ConnectionHealth.For(Guid.NewGuid(), null, Now);
        health.RecordTransportFailure("timeout", Now, Policy);
        health.RecordTransportFailure("timeout", Now, Policy);

        health.RecordAnswer(Now.AddSeconds(1));
        health.RecordTransportFailure("timeout", Now.AddSeconds(2), Policy);
        health.RecordTransportFailure("timeout", Now.AddSeconds(3), Policy);

        health.State.ShouldBe(ConnectionState.Healthy);
    }

    [Fact]
    public void Any_answer_closes_the_circuit_but_keeps_the_last_error_for_owners()
    {
        var health = Degraded(out var at);
        var version = health.Version;

        health.RecordAnswer(at.AddMinutes(1));

        health.State.ShouldBe(ConnectionState.Healthy);
        health.Since.ShouldBe(at.AddMinutes(1));
        health.ConsecutiveFailures.ShouldBe(0);
        health.NextProbeAt.ShouldBeNull();
        health.LastError.ShouldBe("connection refused");
        health.Version.ShouldNotBe(version);
    }

    [Fact]
    public void An_answer_on_a_healthy_connection_without_failures_changes_nothing()
    {
        var health = ConnectionHealth.For(Guid.NewGuid(), null, Now);
        var version = health.Version;

        health.RecordAnswer(Now.AddMinutes(1));

        health.Version.ShouldBe(version, "nothing to write: most calls cost the database nothing");
        health.Since.ShouldBe(Now);
    }

    [Fact]
    public void A_failed_probe_keeps_it_degraded_and_the_next_probe_in_the_future()
    {
        var health = Degraded(out var at);
        var probeAt = at + Policy.ProbeInterval;

        health.RecordTransportFailure("still refused", probeAt, Policy);

        health.State.ShouldBe(ConnectionState.Degraded);
        health.Since.ShouldBe(at, "degraded since the circuit opened, not since the last failure");
        health.NextProbeAt.ShouldBe(probeAt + Policy.ProbeInterval);
    }

    [Fact]
    public void BrokerMustBeAvailable_is_broken_by_a_new_operation_on_a_degraded_connection_until_the_next_probe()
    {
        var health = Degraded(out var at);

        var violation = AssertBrokenRule<BrokerMustBeAvailableRule>(() => health.EnsureAcceptsNewOperations(at.AddSeconds(5)));

        violation.Code.ShouldBe("broker.unavailable");
        violation.Kind.ShouldBe(RuleKind.Unavailable);
        ((IRetryLaterRule)violation.Rule).RetryAfter.ShouldBe(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void BrokerMustBeAvailable_asks_for_at_least_a_second_when_the_probe_is_due_now()
    {
        var health = Degraded(out var at);

        var violation = AssertBrokenRule<BrokerMustBeAvailableRule>(() => health.EnsureAcceptsNewOperations(at + Policy.ProbeInterval));

        ((IRetryLaterRule)violation.Rule).RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-1)]
    public void MaxConcurrentCallsMustBeInRange_is_broken_by_a_limit_outside_one_to_the_ceiling(int limit)
    {
        var broker = Broker();

        var violation = AssertBrokenRule<MaxConcurrentCallsMustBeInRangeRule>(
            () => broker.Edit(new BrokerEdit(MaxConcurrentCalls: limit), concurrentCallsCeiling: 8));

        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("maxConcurrentCalls");
        broker.MaxConcurrentCalls.ShouldBeNull();
    }

    [Fact]
    public void MaxConcurrentCallsMustBeInRange_holds_on_registration_too()
    {
        AssertBrokenRule<MaxConcurrentCallsMustBeInRangeRule>(
            () => ServiceBroker.Register(Registration() with { MaxConcurrentCalls = 5 }, RegisteredAt, concurrentCallsCeiling: 4));
    }

    [Theory]
    [InlineData(null, 4, 4)]
    [InlineData(2, 4, 2)]
    [InlineData(4, 4, 4)]
    [InlineData(6, 4, 4)]
    public void A_connections_budget_is_the_owners_limit_never_above_the_ceiling(int? ownersLimit, int ceiling, int budget)
    {
        var broker = Broker();
        if (ownersLimit is { } limit)
        {
            broker.Edit(new BrokerEdit(MaxConcurrentCalls: limit)); // a ceiling lowered later must still win
        }

        broker.ConcurrentCallBudget(ceiling).ShouldBe(budget);
    }

    private static ConnectionHealth Degraded(out DateTimeOffset at)
    {
        var health = ConnectionHealth.For(Guid.NewGuid(), null, Now);
        at = Now.AddSeconds(3);
        for (var i = 0; i < Policy.FailuresToOpen; i++)
        {
            health.RecordTransportFailure("connection refused", at, Policy);
        }

        return health;
    }
}

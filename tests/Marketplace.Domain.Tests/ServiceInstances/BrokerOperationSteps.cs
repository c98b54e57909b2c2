using Marketplace.Domain.ServiceInstances;
using Shouldly;
using static Marketplace.Domain.Tests.ServiceInstances.ServiceInstanceLifecycle;

namespace Marketplace.Domain.Tests.ServiceInstances;

/// <summary>
/// A <see cref="BrokerOperation"/> as the database's record of what is due next: started from its instance (and
/// binding), moved between steps (attempts and errors count per step), polled with the broker's token, switched to
/// orphan mitigation without originating identity, retried, past its deadline, and released by its worker.
/// </summary>
public sealed class BrokerOperationSteps
{
    private static readonly DateTimeOffset Deadline = MuchLater.AddMinutes(10);

    private static BrokerOperation Provisioning(ServiceInstance? instance = null) =>
        BrokerOperation.Start(instance ?? Provisioned(), null, OperationType.Create, OperationStep.Request, """{"plan_id":"pg-small"}""", "user-1", MuchLater, Deadline);

    [Fact]
    public void A_started_operation_is_due_at_once_and_carries_what_the_broker_calls_need()
    {
        var instance = Provisioned();

        var operation = Provisioning(instance);

        operation.BrokerId.ShouldBe(BrokerId);
        operation.InstanceId.ShouldBe(instance.Id);
        operation.BindingId.ShouldBeNull();
        operation.Type.ShouldBe(OperationType.Create);
        operation.Step.ShouldBe(OperationStep.Request);
        operation.BrokerServiceId.ShouldBe("pg-service");
        operation.BrokerPlanId.ShouldBe("pg-small");
        operation.RequestJson.ShouldBe("""{"plan_id":"pg-small"}""");
        operation.OriginatingUserId.ShouldBe("user-1");
        operation.StartedAt.ShouldBe(MuchLater);
        operation.Deadline.ShouldBe(Deadline);
        operation.NextAttemptAt.ShouldBe(MuchLater);
        operation.Attempts.ShouldBe(0);
        operation.OperationToken.ShouldBeNull();
        operation.LastError.ShouldBeNull();
        operation.ClaimToken.ShouldBeNull();
        operation.ClaimedUntil.ShouldBeNull();
    }

    [Fact]
    public void A_bind_operation_names_its_binding_and_remembers_whether_bindings_are_retrievable()
    {
        var instance = Ready();
        var binding = ServiceBinding.Create(instance, "app", null, MuchLater);

        var operation = BrokerOperation.Start(instance, binding, OperationType.Bind, OperationStep.Request, "{}", "user-1", MuchLater, Deadline);
        operation.ExpectRetrievableBinding(true);

        operation.InstanceId.ShouldBe(instance.Id);
        operation.BindingId.ShouldBe(binding.Id);
        operation.BindingsRetrievable.ShouldBeTrue();
    }

    [Fact]
    public void An_update_polls_with_the_old_plan_and_describes_what_to_record_when_it_succeeds()
    {
        var instance = Ready();
        instance.StartUpdate("plan:pg-large", MuchLater);

        var operation = BrokerOperation.Start(instance, null, OperationType.Update, OperationStep.Request, "{}", "user-1", MuchLater, Deadline);
        operation.DescribeUpdate(Large, """{"size":2}""", "plan:pg-large");

        operation.BrokerPlanId.ShouldBe("pg-small");
        operation.TargetPlanId.ShouldBe(Large.PlanId);
        operation.TargetBrokerPlanId.ShouldBe("pg-large");
        operation.MergedParametersJson.ShouldBe("""{"size":2}""");
        operation.UpdateFingerprint.ShouldBe("plan:pg-large");
    }

    [Fact]
    public void A_parameters_only_update_has_no_target_plan()
    {
        var operation = BrokerOperation.Start(Ready(), null, OperationType.Update, OperationStep.Request, "{}", null, MuchLater, Deadline);

        operation.DescribeUpdate(null, """{"size":3}""", "params:size=3");

        operation.TargetPlanId.ShouldBeNull();
        operation.TargetBrokerPlanId.ShouldBeNull();
    }

    [Fact]
    public void Scheduling_a_next_attempt_counts_it_and_shows_the_error_until_an_attempt_goes_without_one()
    {
        var operation = Provisioning();

        operation.ScheduleNext(MuchLater.AddSeconds(2), "The broker answered 500.", MuchLater.AddSeconds(1));
        operation.ScheduleNext(MuchLater.AddSeconds(5), "Timed out.", MuchLater.AddSeconds(3));

        operation.Attempts.ShouldBe(2);
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(5));
        operation.LastError.ShouldBe("Timed out.");
        operation.LastErrorAt.ShouldBe(MuchLater.AddSeconds(3));

        operation.ScheduleNext(MuchLater.AddSeconds(9), null, MuchLater.AddSeconds(6));

        operation.Attempts.ShouldBe(3);
        operation.LastError.ShouldBeNull();
        operation.LastErrorAt.ShouldBeNull();
    }

    [Fact]
    public void An_overlong_error_is_trimmed_to_2000_characters()
    {
        var operation = Provisioning();

        operation.ScheduleNext(MuchLater.AddSeconds(1), new string('e', BrokerOperation.MaxErrorLength + 1), MuchLater);

        operation.LastError.ShouldBe(new string('e', 2000));
    }

    [Fact]
    public void Polling_starts_with_the_brokers_operation_token_and_a_fresh_count()
    {
        var operation = Provisioning();
        operation.ScheduleNext(MuchLater.AddSeconds(1), "ConcurrencyError", MuchLater);
        var operationToken = new string('o', BrokerOperation.MaxOperationTokenLength);

        operation.StartPolling(operationToken, MuchLater.AddSeconds(2));

        operation.Step.ShouldBe(OperationStep.Polling);
        operation.OperationToken.ShouldBe(operationToken);
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(2));
        operation.Attempts.ShouldBe(0);
        operation.LastError.ShouldBeNull();
        operation.LastErrorAt.ShouldBeNull();
    }

    [Fact]
    public void Polling_without_a_token_keeps_none()
    {
        var operation = Provisioning();

        operation.StartPolling(null, MuchLater);

        operation.OperationToken.ShouldBeNull();
        operation.Step.ShouldBe(OperationStep.Polling);
    }

    [Fact]
    public void Orphan_mitigation_deletes_without_originating_identity_or_token_with_its_own_start_and_deadline()
    {
        var operation = Provisioning();
        operation.StartPolling("op-1", MuchLater);
        operation.ScheduleNext(MuchLater.AddSeconds(1), "The operation failed.", MuchLater);
        var now = MuchLater.AddMinutes(20);

        operation.StartOrphanMitigation(now, now.AddHours(1));

        operation.Step.ShouldBe(OperationStep.OrphanMitigation);
        operation.OriginatingUserId.ShouldBeNull();
        operation.OperationToken.ShouldBeNull();
        operation.StartedAt.ShouldBe(now);
        operation.Deadline.ShouldBe(now.AddHours(1));
        operation.NextAttemptAt.ShouldBe(now);
        operation.Attempts.ShouldBe(0);
        operation.LastError.ShouldBeNull();
        operation.Type.ShouldBe(OperationType.Create);
    }

    [Fact]
    public void An_asynchronous_orphan_mitigation_delete_is_polled_in_its_own_step()
    {
        var operation = Provisioning();
        operation.StartOrphanMitigation(MuchLater, Deadline);

        operation.StartPolling("delete-op", MuchLater.AddSeconds(1), orphanMitigation: true);

        operation.Step.ShouldBe(OperationStep.OrphanMitigationPolling);
        operation.OperationToken.ShouldBe("delete-op");
    }

    [Fact]
    public void Moving_to_another_step_resets_attempts_and_errors()
    {
        var operation = Provisioning();
        operation.ScheduleNext(MuchLater.AddSeconds(1), "500", MuchLater);

        operation.MoveTo(OperationStep.FetchingBinding, MuchLater.AddSeconds(3));

        operation.Step.ShouldBe(OperationStep.FetchingBinding);
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(3));
        operation.Attempts.ShouldBe(0);
        operation.LastError.ShouldBeNull();
    }

    [Fact]
    public void The_deadline_is_reached_at_its_instant_not_before()
    {
        var operation = Provisioning();

        operation.IsPastDeadline(Deadline.AddTicks(-1)).ShouldBeFalse();
        operation.IsPastDeadline(Deadline).ShouldBeTrue();
        operation.IsPastDeadline(Deadline.AddSeconds(1)).ShouldBeTrue();
    }

    [Fact]
    public void An_operator_makes_the_next_step_due_now_without_counting_an_attempt()
    {
        var operation = Provisioning();
        operation.ScheduleNext(MuchLater.AddMinutes(5), null, MuchLater);
        var version = operation.Version;

        operation.DueNow(MuchLater.AddSeconds(10));

        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(10));
        operation.Attempts.ShouldBe(1);
        operation.Version.ShouldNotBe(version);
    }

    [Fact]
    public void An_unclaimed_operation_is_claimed_by_no_one_and_releasing_keeps_it_unclaimed()
    {
        var operation = Provisioning();

        operation.IsClaimedBy(Guid.NewGuid()).ShouldBeFalse();
        operation.ReleaseClaim();

        operation.ClaimToken.ShouldBeNull();
        operation.ClaimedUntil.ShouldBeNull();
    }
}

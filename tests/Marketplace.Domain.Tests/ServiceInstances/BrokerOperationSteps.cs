using Marketplace.Domain.ServiceInstances;
using Shouldly;
using static Marketplace.Domain.ServiceInstances.StepOutcome;
using static Marketplace.Domain.Tests.ServiceInstances.ServiceInstanceLifecycle;

namespace Marketplace.Domain.Tests.ServiceInstances;

/// <summary>
/// A <see cref="BrokerOperation"/> as the database's record of what is due next: started by its factory with what the
/// broker calls need (connection, broker ids, the old plan of an update, <c>bindings_retrievable</c>), moved only by
/// <see cref="BrokerOperation.Apply"/> along its state machine — ended by success, failure or a cleaned-up orphan,
/// switched to orphan mitigation without originating identity, polled with the broker's token, retried with attempts
/// and errors counted per step — refusing every transition the machine does not have and anything once it has ended;
/// superseded by a user's delete, made due by an operator, past its deadline, and released by its worker.
/// </summary>
public sealed class BrokerOperationSteps
{
    private static readonly DateTimeOffset Deadline = MuchLater.AddMinutes(10);

    private static BrokerOperation Provisioning(ServiceInstance? instance = null) =>
        BrokerOperation.Provision(instance ?? Provisioned(), """{"plan_id":"pg-small"}""", "user-1", MuchLater, Deadline);

    private static BrokerOperation Started(OperationType type, bool awaitUnbinds = false)
    {
        switch (type)
        {
            case OperationType.Create:
                return Provisioning();
            case OperationType.Update:
                var updating = Ready();
                updating.StartUpdate(Change("plan:pg-large"), MuchLater);
                return BrokerOperation.Update(updating, """{"plan_id":"pg-large"}""", "user-1", MuchLater, Deadline, Large, null, "plan:pg-large");
            case OperationType.Delete:
                return BrokerOperation.Deprovision(Ready(), awaitUnbinds, "user-1", MuchLater, Deadline);
            case OperationType.Bind:
                var bound = Ready();
                return BrokerOperation.Bind(bound, ServiceBinding.Create(bound, planIsBindable: true, "app", null, MuchLater), "{}", "user-1", MuchLater, Deadline, bindingsRetrievable: true);
            default:
                var instance = Ready();
                return BrokerOperation.Unbind(instance, ServiceBinding.Create(instance, planIsBindable: true, "app", null, MuchLater), "user-1", MuchLater, Deadline);
        }
    }

    /// <summary>An operation of <paramref name="type"/> brought to <paramref name="step"/> through <see cref="BrokerOperation.Apply"/> alone.</summary>
    private static BrokerOperation At(OperationType type, OperationStep step)
    {
        var operation = Started(type, awaitUnbinds: step == OperationStep.AwaitingUnbinds);
        switch (step)
        {
            case OperationStep.AwaitingUnbinds or OperationStep.Request:
                break;
            case OperationStep.Polling:
                operation.Apply(new Polls("op-1", MuchLater.AddSeconds(1), null, null), MuchLater);
                break;
            case OperationStep.FetchingBinding:
                operation.Apply(new Polls("op-1", MuchLater.AddSeconds(1), null, null), MuchLater);
                operation.Apply(new Continues(OperationStep.FetchingBinding, MuchLater.AddSeconds(2), null, null), MuchLater.AddSeconds(1));
                break;
            case OperationStep.OrphanMitigation:
                operation.Apply(new Failed("The broker answered the provision with HTTP 500.", "http_500", OrphanMitigation: true), MuchLater);
                break;
            case OperationStep.OrphanMitigationPolling:
                operation.Apply(new Failed("The broker answered the provision with HTTP 500.", "http_500", OrphanMitigation: true), MuchLater);
                operation.Apply(new Polls("delete-op", MuchLater.AddSeconds(1), null, null), MuchLater);
                break;
        }

        operation.Step.ShouldBe(step);
        return operation;
    }

    private static StepOutcome Outcome(string kind, OperationStep step) => kind switch
    {
        "succeeded" => new Succeeded(null, "Done"),
        "failed" => new Failed("Quota exceeded", "quota", OrphanMitigation: false),
        "failed with orphan mitigation" => new Failed("Timed out", "timeout", OrphanMitigation: true),
        "polls" => new Polls("op-2", MuchLater.AddSeconds(5), null, null),
        "cleaned" => new Cleaned(),
        "continues" => new Continues(step, MuchLater.AddSeconds(5), "500", null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // ----- factories -----

    [Fact]
    public void A_provision_is_due_at_once_and_carries_what_the_broker_calls_need()
    {
        var instance = Provisioned();

        var operation = Provisioning(instance);

        operation.BrokerId.ShouldBe(BrokerId);
        operation.ConnectionId.ShouldBe(PublicationId);
        operation.InstanceId.ShouldBe(instance.Id);
        operation.BindingId.ShouldBeNull();
        operation.Type.ShouldBe(OperationType.Create);
        operation.Step.ShouldBe(OperationStep.Request);
        operation.BrokerServiceId.ShouldBe("pg-service");
        operation.BrokerPlanId.ShouldBe("pg-small");
        operation.BrokerPlan.ShouldBe(("pg-service", "pg-small"));
        operation.RequestJson.ShouldBe("""{"plan_id":"pg-small"}""");
        operation.OriginatingUserId.ShouldBe("user-1");
        operation.StartedAt.ShouldBe(MuchLater);
        operation.Deadline.ShouldBe(Deadline);
        operation.NextAttemptAt.ShouldBe(MuchLater);
        operation.Attempts.ShouldBe(0);
        operation.InternalFailures.ShouldBe(0);
        operation.OperationToken.ShouldBeNull();
        operation.LastError.ShouldBeNull();
        operation.LastErrorAt.ShouldBeNull();
        operation.BindingsRetrievable.ShouldBeFalse();
        operation.TargetPlanId.ShouldBeNull();
        operation.UpdateFingerprint.ShouldBeNull();
        operation.Superseded.ShouldBeFalse();
        operation.HasEnded.ShouldBeFalse();
        operation.IsOrphanMitigation.ShouldBeFalse();
        operation.ClaimToken.ShouldBeNull();
        operation.ClaimedUntil.ShouldBeNull();
    }

    [Fact]
    public void An_operation_on_a_brokers_private_registration_calls_the_brokers_own_connection()
    {
        var instance = ServiceInstance.Provision(ProjectId, new BrokerConnectionRef(BrokerId, null), Small, planIsActive: true, "orders-db", null, ProvisionedAt);

        var operation = Provisioning(instance);

        operation.BrokerId.ShouldBe(BrokerId);
        operation.ConnectionId.ShouldBe(BrokerId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_bind_names_its_binding_and_remembers_whether_bindings_are_retrievable(bool bindingsRetrievable)
    {
        var instance = Ready();
        var binding = ServiceBinding.Create(instance, planIsBindable: true, "app", null, MuchLater);

        var operation = BrokerOperation.Bind(instance, binding, """{"app":"a"}""", "user-1", MuchLater, Deadline, bindingsRetrievable);

        operation.Type.ShouldBe(OperationType.Bind);
        operation.Step.ShouldBe(OperationStep.Request);
        operation.InstanceId.ShouldBe(instance.Id);
        operation.BindingId.ShouldBe(binding.Id);
        operation.ConnectionId.ShouldBe(PublicationId);
        operation.RequestJson.ShouldBe("""{"app":"a"}""");
        operation.BindingsRetrievable.ShouldBe(bindingsRetrievable);
        operation.Situation(MuchLater).BindingsRetrievable.ShouldBe(bindingsRetrievable);
    }

    [Fact]
    public void A_bind_or_unbind_without_a_binding_is_refused()
    {
        var instance = Ready();

        Should.Throw<ArgumentNullException>(() => BrokerOperation.Bind(instance, null!, "{}", null, MuchLater, Deadline, bindingsRetrievable: true));
        Should.Throw<ArgumentNullException>(() => BrokerOperation.Unbind(instance, null!, null, MuchLater, Deadline));
    }

    [Fact]
    public void An_unbind_names_its_binding_and_sends_no_body()
    {
        var instance = Ready();
        var binding = ServiceBinding.Create(instance, planIsBindable: true, "app", null, MuchLater);

        var operation = BrokerOperation.Unbind(instance, binding, "user-2", MuchLater, Deadline);

        operation.Type.ShouldBe(OperationType.Unbind);
        operation.Step.ShouldBe(OperationStep.Request);
        operation.BindingId.ShouldBe(binding.Id);
        operation.RequestJson.ShouldBeNull();
        operation.OriginatingUserId.ShouldBe("user-2");
        operation.BindingsRetrievable.ShouldBeFalse();
    }

    [Fact]
    public void An_update_polls_with_the_old_plan_and_describes_what_to_record_when_it_succeeds()
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);

        var operation = BrokerOperation.Update(instance, """{"plan_id":"pg-large"}""", "user-1", MuchLater, Deadline, Large, """{"size":2}""", "plan:pg-large");

        operation.Type.ShouldBe(OperationType.Update);
        operation.RequestJson.ShouldBe("""{"plan_id":"pg-large"}""");
        operation.BrokerPlanId.ShouldBe("pg-small");
        operation.BrokerPlan.ShouldBe(("pg-service", "pg-small"));
        operation.TargetPlanId.ShouldBe(Large.PlanId);
        operation.TargetBrokerPlanId.ShouldBe("pg-large");
        operation.MergedParametersJson.ShouldBe("""{"size":2}""");
        operation.UpdateFingerprint.ShouldBe("plan:pg-large");
    }

    [Fact]
    public void A_parameters_only_update_has_no_target_plan()
    {
        var operation = BrokerOperation.Update(Ready(), """{"parameters":{"size":3}}""", null, MuchLater, Deadline, null, """{"size":3}""", "params:size=3");

        operation.TargetPlanId.ShouldBeNull();
        operation.TargetBrokerPlanId.ShouldBeNull();
        operation.MergedParametersJson.ShouldBe("""{"size":3}""");
        operation.UpdateFingerprint.ShouldBe("params:size=3");
    }

    [Theory]
    [InlineData(true, OperationStep.AwaitingUnbinds)]
    [InlineData(false, OperationStep.Request)]
    public void A_recursive_deprovision_first_waits_for_the_unbinds_and_a_plain_one_sends_the_delete_at_once(bool awaitUnbinds, OperationStep step)
    {
        var operation = BrokerOperation.Deprovision(Ready(), awaitUnbinds, "user-1", MuchLater, Deadline);

        operation.Type.ShouldBe(OperationType.Delete);
        operation.Step.ShouldBe(step);
        operation.RequestJson.ShouldBeNull();
        operation.BindingId.ShouldBeNull();
        operation.NextAttemptAt.ShouldBe(MuchLater);
    }

    [Fact]
    public void The_situation_tells_the_policy_where_the_operation_stands()
    {
        var operation = At(OperationType.Bind, OperationStep.Polling);
        operation.Apply(new Continues(OperationStep.Polling, MuchLater.AddSeconds(3), null, null), MuchLater.AddSeconds(2));

        var situation = operation.Situation(MuchLater.AddSeconds(3));

        situation.ShouldBe(new StepSituation(
            OperationType.Bind, OperationStep.Polling, MuchLater.AddSeconds(3), MuchLater, Deadline, Attempts: 1, BindingsRetrievable: true));
    }

    // ----- ending -----

    [Theory]
    [InlineData(OperationType.Create, OperationStep.Request)]
    [InlineData(OperationType.Create, OperationStep.Polling)]
    [InlineData(OperationType.Update, OperationStep.Request)]
    [InlineData(OperationType.Update, OperationStep.Polling)]
    [InlineData(OperationType.Delete, OperationStep.Request)]
    [InlineData(OperationType.Delete, OperationStep.Polling)]
    [InlineData(OperationType.Bind, OperationStep.Request)]
    [InlineData(OperationType.Bind, OperationStep.FetchingBinding)]
    [InlineData(OperationType.Unbind, OperationStep.Polling)]
    public void Success_ends_the_operation(OperationType type, OperationStep step)
    {
        var operation = At(type, step);
        var version = operation.Version;

        operation.Apply(new Succeeded(null, "Done"), MuchLater.AddMinutes(1));

        operation.HasEnded.ShouldBeTrue();
        operation.Version.ShouldNotBe(version);
    }

    [Theory]
    [InlineData(OperationType.Create, OperationStep.Request)]
    [InlineData(OperationType.Create, OperationStep.Polling)]
    [InlineData(OperationType.Update, OperationStep.Polling)]
    [InlineData(OperationType.Delete, OperationStep.AwaitingUnbinds)]
    [InlineData(OperationType.Delete, OperationStep.Request)]
    [InlineData(OperationType.Bind, OperationStep.FetchingBinding)]
    [InlineData(OperationType.Unbind, OperationStep.Request)]
    public void A_failure_without_orphan_mitigation_ends_the_operation(OperationType type, OperationStep step)
    {
        var operation = At(type, step);

        operation.Apply(new Failed("Quota exceeded", "quota", OrphanMitigation: false), MuchLater.AddMinutes(1));

        operation.HasEnded.ShouldBeTrue();
        operation.Step.ShouldBe(step);
    }

    [Theory]
    [InlineData(OperationStep.OrphanMitigation)]
    [InlineData(OperationStep.OrphanMitigationPolling)]
    public void A_cleaned_orphan_ends_the_operation(OperationStep step)
    {
        var operation = At(OperationType.Create, step);

        operation.Apply(new Cleaned(), MuchLater.AddMinutes(1));

        operation.HasEnded.ShouldBeTrue();
    }

    [Fact]
    public void An_operation_ended_without_a_broker_call_takes_no_further_step()
    {
        var operation = At(OperationType.Create, OperationStep.Polling);
        var version = operation.Version;

        operation.End();

        operation.HasEnded.ShouldBeTrue();
        operation.Version.ShouldNotBe(version);
        Should.Throw<InvalidOperationException>(() => operation.Apply(new Succeeded(null, null), MuchLater));
    }

    // ----- orphan mitigation -----

    [Theory]
    [InlineData(OperationType.Create, OperationStep.Request)]
    [InlineData(OperationType.Create, OperationStep.Polling)]
    [InlineData(OperationType.Bind, OperationStep.Request)]
    [InlineData(OperationType.Bind, OperationStep.Polling)]
    [InlineData(OperationType.Bind, OperationStep.FetchingBinding)]
    public void A_failed_create_or_bind_with_orphan_mitigation_deletes_without_originating_identity_or_token_with_its_own_start_and_deadline(
        OperationType type, OperationStep step)
    {
        var operation = At(type, step);
        operation.Apply(new Continues(step, MuchLater.AddSeconds(9), "The broker answered the poll with HTTP 500.", null), MuchLater.AddSeconds(8));
        var now = MuchLater.AddMinutes(20);
        var stuckAfter = now + (operation.Deadline - operation.StartedAt);

        operation.Apply(new Failed("The broker did not finish in time.", "deadline_exceeded", OrphanMitigation: true), now);

        operation.HasEnded.ShouldBeFalse();
        operation.Step.ShouldBe(OperationStep.OrphanMitigation);
        operation.IsOrphanMitigation.ShouldBeTrue();
        operation.Type.ShouldBe(type);
        operation.OriginatingUserId.ShouldBeNull();
        operation.OperationToken.ShouldBeNull();
        operation.StartedAt.ShouldBe(now);
        operation.Deadline.ShouldBe(stuckAfter);
        operation.NextAttemptAt.ShouldBe(now);
        operation.Attempts.ShouldBe(0);
        operation.LastError.ShouldBeNull();
        operation.LastErrorAt.ShouldBeNull();
    }

    [Fact]
    public void An_asynchronous_orphan_mitigation_delete_is_polled_in_its_own_step()
    {
        var operation = At(OperationType.Create, OperationStep.OrphanMitigation);

        operation.Apply(new Polls("delete-op", MuchLater.AddSeconds(1), null, null), MuchLater);

        operation.Step.ShouldBe(OperationStep.OrphanMitigationPolling);
        operation.IsOrphanMitigation.ShouldBeTrue();
        operation.OperationToken.ShouldBe("delete-op");
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(1));
    }

    [Fact]
    public void An_orphan_mitigation_whose_asynchronous_delete_failed_deletes_again_with_a_fresh_count_and_the_problem()
    {
        var operation = At(OperationType.Bind, OperationStep.OrphanMitigationPolling);
        operation.Apply(new Continues(OperationStep.OrphanMitigationPolling, MuchLater.AddSeconds(5), null, null), MuchLater.AddSeconds(2));
        operation.Attempts.ShouldBe(1);

        operation.Apply(
            new Continues(OperationStep.OrphanMitigation, MuchLater.AddSeconds(9), "The broker answered the orphan mitigation delete with HTTP 200, state 'failed'.", null),
            MuchLater.AddSeconds(6));

        operation.Step.ShouldBe(OperationStep.OrphanMitigation);
        operation.Attempts.ShouldBe(0);
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(9));
        operation.LastError.ShouldBe("The broker answered the orphan mitigation delete with HTTP 200, state 'failed'.");
        operation.LastErrorAt.ShouldBe(MuchLater.AddSeconds(6));
    }

    // ----- polling and retries -----

    [Fact]
    public void Polling_starts_with_the_brokers_operation_token_and_a_fresh_count()
    {
        var operation = Provisioning();
        operation.Apply(new Continues(OperationStep.Request, MuchLater.AddSeconds(1), "ConcurrencyError", null), MuchLater);
        var operationToken = new string('o', 10_000);

        operation.Apply(new Polls(operationToken, MuchLater.AddSeconds(2), "Creating", null), MuchLater.AddSeconds(1));

        operation.Step.ShouldBe(OperationStep.Polling);
        operation.OperationToken.ShouldBe(operationToken);
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(2));
        operation.Attempts.ShouldBe(0);
        operation.LastError.ShouldBeNull();
        operation.LastErrorAt.ShouldBeNull();
        operation.OriginatingUserId.ShouldBe("user-1");
        operation.HasEnded.ShouldBeFalse();
    }

    [Fact]
    public void Polling_without_a_token_keeps_none()
    {
        var operation = At(OperationType.Delete, OperationStep.Request);

        operation.Apply(new Polls(null, MuchLater, null, null), MuchLater);

        operation.OperationToken.ShouldBeNull();
        operation.Step.ShouldBe(OperationStep.Polling);
    }

    [Fact]
    public void Continuing_the_same_step_counts_the_attempt_and_shows_the_error_until_an_attempt_goes_without_one()
    {
        var operation = At(OperationType.Create, OperationStep.Polling);

        operation.Apply(new Continues(OperationStep.Polling, MuchLater.AddSeconds(2), "The broker answered 500.", null), MuchLater.AddSeconds(1));
        operation.Apply(new Continues(OperationStep.Polling, MuchLater.AddSeconds(5), "Timed out.", null), MuchLater.AddSeconds(3));

        operation.Step.ShouldBe(OperationStep.Polling);
        operation.Attempts.ShouldBe(2);
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(5));
        operation.LastError.ShouldBe("Timed out.");
        operation.LastErrorAt.ShouldBe(MuchLater.AddSeconds(3));
        operation.OperationToken.ShouldBe("op-1");

        operation.Apply(new Continues(OperationStep.Polling, MuchLater.AddSeconds(9), null, "Half way"), MuchLater.AddSeconds(6));

        operation.Attempts.ShouldBe(3);
        operation.LastError.ShouldBeNull();
        operation.LastErrorAt.ShouldBeNull();
    }

    [Theory]
    [InlineData(OperationType.Create, OperationStep.Request)]
    [InlineData(OperationType.Delete, OperationStep.AwaitingUnbinds)]
    [InlineData(OperationType.Bind, OperationStep.FetchingBinding)]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigation)]
    [InlineData(OperationType.Bind, OperationStep.OrphanMitigationPolling)]
    public void Every_step_can_be_retried(OperationType type, OperationStep step)
    {
        var operation = At(type, step);

        operation.Apply(new Continues(step, MuchLater.AddMinutes(1), "500", null), MuchLater);

        operation.Step.ShouldBe(step);
        operation.Attempts.ShouldBe(1);
        operation.NextAttemptAt.ShouldBe(MuchLater.AddMinutes(1));
        operation.HasEnded.ShouldBeFalse();
    }

    [Fact]
    public void An_overlong_error_is_trimmed_to_2000_characters()
    {
        var operation = Provisioning();

        operation.Apply(new Continues(OperationStep.Request, MuchLater.AddSeconds(1), new string('e', BrokerOperation.MaxErrorLength + 1), null), MuchLater);

        BrokerOperation.MaxErrorLength.ShouldBe(2000);
        operation.LastError.ShouldBe(new string('e', 2000));
    }

    [Theory]
    [InlineData(OperationType.Delete, OperationStep.AwaitingUnbinds, OperationStep.Request)]
    [InlineData(OperationType.Bind, OperationStep.Polling, OperationStep.FetchingBinding)]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigationPolling, OperationStep.OrphanMitigation)]
    public void Moving_to_the_next_step_resets_attempts_and_records_the_moves_problem(OperationType type, OperationStep from, OperationStep to)
    {
        var operation = At(type, from);
        operation.Apply(new Continues(from, MuchLater.AddSeconds(1), "500", null), MuchLater);
        var token = operation.OperationToken;

        operation.Apply(new Continues(to, MuchLater.AddSeconds(3), null, "Next"), MuchLater.AddSeconds(2));

        operation.Step.ShouldBe(to);
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(3));
        operation.Attempts.ShouldBe(0);
        operation.LastError.ShouldBeNull();
        operation.LastErrorAt.ShouldBeNull();
        operation.OperationToken.ShouldBe(token);
        operation.HasEnded.ShouldBeFalse();
    }

    // ----- transitions the state machine does not have -----

    [Theory]
    [InlineData(OperationType.Create, OperationStep.Request, "cleaned")]
    [InlineData(OperationType.Create, OperationStep.Polling, "cleaned")]
    [InlineData(OperationType.Bind, OperationStep.FetchingBinding, "cleaned")]
    [InlineData(OperationType.Delete, OperationStep.AwaitingUnbinds, "cleaned")]
    [InlineData(OperationType.Update, OperationStep.Request, "failed with orphan mitigation")]
    [InlineData(OperationType.Update, OperationStep.Polling, "failed with orphan mitigation")]
    [InlineData(OperationType.Delete, OperationStep.Request, "failed with orphan mitigation")]
    [InlineData(OperationType.Delete, OperationStep.AwaitingUnbinds, "failed with orphan mitigation")]
    [InlineData(OperationType.Unbind, OperationStep.Polling, "failed with orphan mitigation")]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigation, "failed with orphan mitigation")]
    [InlineData(OperationType.Bind, OperationStep.OrphanMitigationPolling, "failed with orphan mitigation")]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigation, "failed")]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigationPolling, "failed")]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigation, "succeeded")]
    [InlineData(OperationType.Bind, OperationStep.OrphanMitigationPolling, "succeeded")]
    [InlineData(OperationType.Delete, OperationStep.AwaitingUnbinds, "succeeded")]
    [InlineData(OperationType.Create, OperationStep.Polling, "polls")]
    [InlineData(OperationType.Bind, OperationStep.FetchingBinding, "polls")]
    [InlineData(OperationType.Delete, OperationStep.AwaitingUnbinds, "polls")]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigationPolling, "polls")]
    public void An_outcome_the_step_cannot_take_is_refused_and_changes_nothing(OperationType type, OperationStep step, string outcome)
    {
        var operation = At(type, step);
        var version = operation.Version;
        var (token, user, startedAt, deadline, next) =
            (operation.OperationToken, operation.OriginatingUserId, operation.StartedAt, operation.Deadline, operation.NextAttemptAt);

        Should.Throw<InvalidOperationException>(() => operation.Apply(Outcome(outcome, step), MuchLater.AddMinutes(1)));

        operation.HasEnded.ShouldBeFalse();
        operation.Step.ShouldBe(step);
        operation.Version.ShouldBe(version);
        (operation.OperationToken, operation.OriginatingUserId, operation.StartedAt, operation.Deadline, operation.NextAttemptAt)
            .ShouldBe((token, user, startedAt, deadline, next));
    }

    [Theory]
    [InlineData(OperationType.Create, OperationStep.Request, OperationStep.Polling)]
    [InlineData(OperationType.Create, OperationStep.Request, OperationStep.FetchingBinding)]
    [InlineData(OperationType.Bind, OperationStep.Request, OperationStep.FetchingBinding)]
    [InlineData(OperationType.Create, OperationStep.Request, OperationStep.OrphanMitigation)]
    [InlineData(OperationType.Create, OperationStep.Request, OperationStep.AwaitingUnbinds)]
    [InlineData(OperationType.Create, OperationStep.Polling, OperationStep.Request)]
    [InlineData(OperationType.Create, OperationStep.Polling, OperationStep.OrphanMitigation)]
    [InlineData(OperationType.Bind, OperationStep.FetchingBinding, OperationStep.Polling)]
    [InlineData(OperationType.Delete, OperationStep.AwaitingUnbinds, OperationStep.Polling)]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigation, OperationStep.OrphanMitigationPolling)]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigation, OperationStep.Request)]
    [InlineData(OperationType.Create, OperationStep.OrphanMitigationPolling, OperationStep.Polling)]
    public void A_move_between_steps_the_state_machine_does_not_have_is_refused(OperationType type, OperationStep from, OperationStep to)
    {
        var operation = At(type, from);
        var version = operation.Version;

        Should.Throw<InvalidOperationException>(() =>
            operation.Apply(new Continues(to, MuchLater.AddMinutes(1), null, null), MuchLater.AddMinutes(1)));

        operation.Step.ShouldBe(from);
        operation.Attempts.ShouldBe(0);
        operation.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    [InlineData("failed with orphan mitigation")]
    [InlineData("polls")]
    [InlineData("cleaned")]
    [InlineData("continues")]
    public void An_ended_operation_takes_no_outcome_at_all(string outcome)
    {
        var operation = Provisioning();
        operation.Apply(new Failed("Quota exceeded", "quota", OrphanMitigation: false), MuchLater);
        var version = operation.Version;

        Should.Throw<InvalidOperationException>(() => operation.Apply(Outcome(outcome, OperationStep.Request), MuchLater.AddMinutes(1)));

        operation.HasEnded.ShouldBeTrue();
        operation.Step.ShouldBe(OperationStep.Request);
        operation.Version.ShouldBe(version);
    }

    [Fact]
    public void An_operation_whose_orphan_mitigation_is_cleaned_takes_no_further_step()
    {
        var operation = At(OperationType.Bind, OperationStep.OrphanMitigation);
        operation.Apply(new Cleaned(), MuchLater);

        Should.Throw<InvalidOperationException>(() => operation.Apply(new Cleaned(), MuchLater));
        Should.Throw<InvalidOperationException>(() =>
            operation.Apply(new Continues(OperationStep.OrphanMitigation, MuchLater, null, null), MuchLater));
    }

    [Fact]
    public void An_outcome_is_required()
    {
        Should.Throw<ArgumentNullException>(() => Provisioning().Apply(null!, MuchLater));
    }

    // ----- superseded, due now, deadline, claim -----

    [Fact]
    public void A_superseded_operation_is_due_at_once_so_the_next_claim_ends_it()
    {
        var operation = At(OperationType.Create, OperationStep.Polling);
        operation.Apply(new Continues(OperationStep.Polling, MuchLater.AddMinutes(5), null, null), MuchLater);
        var version = operation.Version;

        operation.Supersede(MuchLater.AddSeconds(30));

        operation.Superseded.ShouldBeTrue();
        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(30));
        operation.Step.ShouldBe(OperationStep.Polling);
        operation.Attempts.ShouldBe(1);
        operation.HasEnded.ShouldBeFalse();
        operation.Version.ShouldNotBe(version);

        operation.End();

        operation.HasEnded.ShouldBeTrue();
    }

    [Fact]
    public void An_ended_operation_cannot_be_superseded()
    {
        var operation = Provisioning();
        operation.Apply(new Succeeded(null, null), MuchLater);

        Should.Throw<InvalidOperationException>(() => operation.Supersede(MuchLater.AddSeconds(1)));

        operation.Superseded.ShouldBeFalse();
        operation.NextAttemptAt.ShouldBe(MuchLater);
    }

    [Fact]
    public void An_operator_makes_the_next_step_due_now_without_counting_an_attempt()
    {
        var operation = Provisioning();
        operation.Apply(new Continues(OperationStep.Request, MuchLater.AddMinutes(5), null, null), MuchLater);
        var version = operation.Version;

        operation.DueNow(MuchLater.AddSeconds(10));

        operation.NextAttemptAt.ShouldBe(MuchLater.AddSeconds(10));
        operation.Attempts.ShouldBe(1);
        operation.Step.ShouldBe(OperationStep.Request);
        operation.Version.ShouldNotBe(version);
    }

    [Fact]
    public void An_ended_operation_cannot_be_made_due()
    {
        var operation = Provisioning();
        operation.End();

        Should.Throw<InvalidOperationException>(() => operation.DueNow(MuchLater.AddSeconds(10)));

        operation.NextAttemptAt.ShouldBe(MuchLater);
    }

    [Fact]
    public void The_deadline_is_reached_at_its_instant_not_before()
    {
        var operation = Provisioning();

        operation.IsPastDeadline(Deadline.AddTicks(-1)).ShouldBeFalse();
        operation.IsPastDeadline(Deadline).ShouldBeTrue();
        operation.IsPastDeadline(Deadline.AddSeconds(1)).ShouldBeTrue();
        operation.Situation(Deadline.AddTicks(-1)).PastDeadline.ShouldBeFalse();
        operation.Situation(Deadline).PastDeadline.ShouldBeTrue();
    }

    [Fact]
    public void An_orphan_mitigation_shows_as_stuck_once_it_takes_as_long_as_the_operation_was_allowed()
    {
        var operation = Provisioning(); // allowed ten minutes, from MuchLater to Deadline

        operation.Apply(new Failed("Timed out", "timeout", OrphanMitigation: true), Deadline);

        operation.StartedAt.ShouldBe(Deadline);
        operation.IsPastDeadline(Deadline).ShouldBeFalse();
        operation.IsPastDeadline(Deadline.AddMinutes(10).AddTicks(-1)).ShouldBeFalse();
        operation.IsPastDeadline(Deadline.AddMinutes(10)).ShouldBeTrue();
    }

    [Fact]
    public void An_unclaimed_operation_is_claimed_by_no_one_and_releasing_keeps_it_unclaimed()
    {
        var operation = Provisioning();

        operation.IsClaimedBy(Guid.NewGuid()).ShouldBeFalse();
        operation.ReleaseClaim();

        operation.ClaimToken.ShouldBeNull();
        operation.ClaimedUntil.ShouldBeNull();
        operation.IsClaimedBy(Guid.NewGuid()).ShouldBeFalse();
    }

    [Fact]
    public void A_worker_holds_its_claim_until_it_releases_it_with_the_steps_outcome()
    {
        var operation = Provisioning();
        var claimToken = Guid.NewGuid();
        // The repository takes the claim with a conditional update; this sets what it loads.
        typeof(BrokerOperation).GetProperty(nameof(BrokerOperation.ClaimToken))!.SetValue(operation, claimToken);
        typeof(BrokerOperation).GetProperty(nameof(BrokerOperation.ClaimedUntil))!.SetValue(operation, (DateTimeOffset?)MuchLater.AddMinutes(1));

        operation.IsClaimedBy(claimToken).ShouldBeTrue();
        operation.IsClaimedBy(Guid.NewGuid()).ShouldBeFalse();

        operation.ReleaseClaim();

        operation.ClaimToken.ShouldBeNull();
        operation.ClaimedUntil.ShouldBeNull();
        operation.IsClaimedBy(claimToken).ShouldBeFalse();
    }
}

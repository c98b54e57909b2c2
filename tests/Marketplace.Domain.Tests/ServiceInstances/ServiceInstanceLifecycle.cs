using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.ServiceInstances.Rules;
using Marketplace.Domain.SharedKernel;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;

namespace Marketplace.Domain.Tests.ServiceInstances;

/// <summary>
/// The life of a <see cref="ServiceInstance"/>: provision, create completed or failed, update (with the broker's
/// <c>instance_usable</c> and <c>update_repeatable</c>), delete (also while still creating), orphaning when its
/// broker is deleted and an operator's failing of a stuck operation; every instance rule broken and kept, the
/// rules the handlers enforce across aggregates, and the trimming of <see cref="LastOperation"/> descriptions.
/// </summary>
public sealed class ServiceInstanceLifecycle
{
    internal static readonly DateTimeOffset ProvisionedAt = new(2025, 4, 1, 8, 0, 0, TimeSpan.Zero);
    internal static readonly DateTimeOffset Later = ProvisionedAt.AddMinutes(5);
    internal static readonly DateTimeOffset MuchLater = ProvisionedAt.AddHours(1);

    internal static readonly Guid ProjectId = new("0b8f0a55-29a4-4b8e-9d55-1f1e8a0c7d01");
    internal static readonly Guid BrokerId = new("7c3e2d10-5a4b-4c1f-8e2d-3b9a0f6e5d02");
    internal static readonly Guid PublicationId = new("a1d2c3b4-6e5f-4a7b-9c8d-0e1f2a3b4c03");

    internal static readonly OfferingRef Small = new(
        new Guid("11111111-2222-4333-8444-555555555501"), new Guid("11111111-2222-4333-8444-555555555502"), "pg-service", "pg-small");

    internal static readonly OfferingRef Large = Small with
    {
        PlanId = new Guid("11111111-2222-4333-8444-555555555503"),
        BrokerPlanId = "pg-large",
    };

    internal static ServiceInstance Provisioned(string? parametersJson = """{"size":1}""") =>
        ServiceInstance.Provision(ProjectId, new BrokerConnectionRef(BrokerId, PublicationId), Small, planIsActive: true, " orders-db ", parametersJson, ProvisionedAt);

    /// <summary>An update: <c>plan:pg-large</c> changes to the large plan, <c>params:x</c> sends parameters tagged x.</summary>
    internal static InstanceChange Change(string what) => what.StartsWith("plan:", StringComparison.Ordinal)
        ? new InstanceChange(Large.PlanId, NewPlanIsActive: true, CurrentPlanIsUpdateable: true, ParametersJson: null, BindingsInFlight: 0)
        : new InstanceChange(null, NewPlanIsActive: false, CurrentPlanIsUpdateable: true, $$"""{"tag":"{{what}}"}""", BindingsInFlight: 0);

    internal static ServiceInstance Ready()
    {
        var instance = Provisioned();
        instance.CompleteCreate("https://dashboard.example.com/1", null, Later);
        return instance;
    }

    // ----- provision and create -----

    [Fact]
    public void A_provisioned_instance_is_creating_not_usable_and_remembers_the_broker_ids()
    {
        var instance = Provisioned();

        instance.State.ShouldBe(ServiceInstanceState.Creating);
        instance.Usable.ShouldBeFalse();
        instance.WasCreated.ShouldBeFalse();
        instance.Name.ShouldBe("orders-db");
        instance.ProjectId.ShouldBe(ProjectId);
        instance.BrokerId.ShouldBe(BrokerId);
        instance.PublicationId.ShouldBe(PublicationId);
        instance.ServiceId.ShouldBe(Small.ServiceId);
        instance.PlanId.ShouldBe(Small.PlanId);
        instance.BrokerServiceId.ShouldBe("pg-service");
        instance.BrokerPlanId.ShouldBe("pg-small");
        instance.ParametersJson.ShouldBe("""{"size":1}""");
        instance.CreatedAt.ShouldBe(ProvisionedAt);
        instance.DashboardUrl.ShouldBeNull();
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Create, OperationState.InProgress, null, ProvisionedAt, ProvisionedAt));
    }

    [Fact]
    public void Every_provisioned_instance_gets_a_new_id_which_is_the_id_the_broker_sees()
    {
        Provisioned().Id.ShouldNotBe(Provisioned().Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NameMustNotBeEmpty_is_broken_by_provisioning_an_instance_without_a_name(string? name)
    {
        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(() => ServiceInstance.Provision(
            ProjectId, new BrokerConnectionRef(BrokerId, null), Small, planIsActive: true, name!, null, ProvisionedAt));

        violation.Code.ShouldBe("instance.name_invalid");
        violation.Field.ShouldBe("name");
    }

    [Fact]
    public void Progress_reports_keep_the_operation_in_progress_with_the_brokers_description()
    {
        var instance = Provisioned();
        var version = instance.Version;

        instance.ReportProgress("Allocating disks", Later);

        instance.State.ShouldBe(ServiceInstanceState.Creating);
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Create, OperationState.InProgress, "Allocating disks", ProvisionedAt, Later));
        instance.Version.ShouldBe(version, "progress notes are no change a user's write must race against");
    }

    [Fact]
    public void Progress_that_repeats_the_description_changes_nothing_so_a_poll_writes_nothing()
    {
        var instance = Provisioned();
        instance.ReportProgress("Allocating disks", Later);
        var reported = instance.LastOperation;

        instance.ReportProgress("Allocating disks", MuchLater);

        instance.LastOperation.ShouldBeSameAs(reported);
        instance.LastOperation.UpdatedAt.ShouldBe(Later, "updatedAt is when the state or the description last changed");
        instance.ReportProgress("Formatting", MuchLater);
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Create, OperationState.InProgress, "Formatting", ProvisionedAt, MuchLater));
    }

    [Fact]
    public void A_completed_create_makes_the_instance_ready_and_usable_with_its_dashboard()
    {
        var instance = Provisioned();

        instance.CompleteCreate("https://dashboard.example.com/1", "Done", Later);

        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBeTrue();
        instance.WasCreated.ShouldBeTrue();
        instance.DashboardUrl.ShouldBe("https://dashboard.example.com/1");
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Create, OperationState.Succeeded, "Done", ProvisionedAt, Later));
    }

    [Fact]
    public void A_failed_create_leaves_a_failed_unusable_record_with_the_brokers_reason()
    {
        var instance = Provisioned();

        instance.FailCreate("Quota exceeded", Later);

        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.Usable.ShouldBeFalse();
        instance.WasCreated.ShouldBeFalse();
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Create, OperationState.Failed, "Quota exceeded", ProvisionedAt, Later));
    }

    [Fact]
    public void An_absent_dashboard_url_keeps_the_previous_one_and_the_same_one_changes_nothing()
    {
        var instance = Ready();
        var version = instance.Version;

        instance.RecordDashboardUrl(null);
        instance.RecordDashboardUrl("https://dashboard.example.com/1");

        instance.DashboardUrl.ShouldBe("https://dashboard.example.com/1");
        instance.Version.ShouldBe(version);

        instance.RecordDashboardUrl("https://dashboard.example.com/2");

        instance.DashboardUrl.ShouldBe("https://dashboard.example.com/2");
        instance.Version.ShouldNotBe(version);
    }

    // ----- update -----

    [Fact]
    public void An_update_of_a_ready_instance_starts_and_keeps_plan_and_parameters_until_it_succeeds()
    {
        var instance = Ready();

        instance.StartUpdate(Change("plan:pg-large"), MuchLater);

        instance.State.ShouldBe(ServiceInstanceState.Updating);
        instance.PlanId.ShouldBe(Small.PlanId);
        instance.BrokerPlanId.ShouldBe("pg-small");
        instance.ParametersJson.ShouldBe("""{"size":1}""");
        instance.LastOperation.ShouldBe(LastOperation.Started(OperationType.Update, MuchLater));
    }

    [Fact]
    public void A_completed_plan_change_switches_the_plan_and_takes_the_merged_parameters()
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);

        instance.CompleteUpdate(Large, """{"size":2}""", null, "Resized", MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBeTrue();
        instance.PlanId.ShouldBe(Large.PlanId);
        instance.BrokerPlanId.ShouldBe("pg-large");
        instance.ServiceId.ShouldBe(Small.ServiceId);
        instance.ParametersJson.ShouldBe("""{"size":2}""");
        instance.DashboardUrl.ShouldBe("https://dashboard.example.com/1");
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Update, OperationState.Succeeded, "Resized", MuchLater, MuchLater.AddMinutes(1)));
    }

    [Fact]
    public void A_completed_update_without_plan_or_parameters_keeps_both_and_records_a_new_dashboard()
    {
        var instance = Ready();
        instance.StartUpdate(Change("params:x"), MuchLater);

        instance.CompleteUpdate(null, null, "https://dashboard.example.com/2", null, MuchLater);

        instance.PlanId.ShouldBe(Small.PlanId);
        instance.ParametersJson.ShouldBe("""{"size":1}""");
        instance.DashboardUrl.ShouldBe("https://dashboard.example.com/2");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void A_failed_update_returns_to_ready_on_the_old_plan_and_is_usable_as_the_broker_says(bool? instanceUsable, bool usable)
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);

        instance.FailUpdate("Cannot resize", instanceUsable, updateRepeatable: null, Change("plan:pg-large").Fingerprint, MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBe(usable);
        instance.PlanId.ShouldBe(Small.PlanId);
        instance.BrokerPlanId.ShouldBe("pg-small");
        instance.RefusedUpdate.ShouldBeNull();
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Update, OperationState.Failed, "Cannot resize", MuchLater, MuchLater.AddMinutes(1)));
    }

    [Fact]
    public void UpdateMustBeRepeatable_is_broken_by_repeating_an_update_the_broker_said_cannot_be_repeated()
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);
        instance.FailUpdate("Cannot resize", null, updateRepeatable: false, Change("plan:pg-large").Fingerprint, MuchLater);
        var version = instance.Version;

        var violation = AssertBrokenRule<UpdateMustBeRepeatableRule>(() => instance.StartUpdate(Change("plan:pg-large"), MuchLater.AddMinutes(1)));

        violation.Code.ShouldBe("instance.update_not_repeatable");
        violation.Kind.ShouldBe(RuleKind.Refused);
        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.RefusedUpdate.ShouldBe(Change("plan:pg-large").Fingerprint);
        instance.Version.ShouldBe(version);
    }

    [Fact]
    public void UpdateMustBeRepeatable_holds_for_another_update_after_an_unrepeatable_failure()
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);
        instance.FailUpdate("Cannot resize", null, updateRepeatable: false, Change("plan:pg-large").Fingerprint, MuchLater);

        instance.StartUpdate(Change("params:size=3"), MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Updating);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    public void UpdateMustBeRepeatable_holds_for_the_same_update_when_the_broker_did_not_forbid_it(bool? updateRepeatable)
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);
        instance.FailUpdate("Try again", null, updateRepeatable, Change("plan:pg-large").Fingerprint, MuchLater);

        instance.StartUpdate(Change("plan:pg-large"), MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Updating);
    }

    [Fact]
    public void UpdateMustBeRepeatable_holds_again_once_another_update_succeeded()
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);
        instance.FailUpdate("Cannot resize", null, updateRepeatable: false, Change("plan:pg-large").Fingerprint, MuchLater);
        instance.StartUpdate(Change("params:size=3"), MuchLater);
        instance.CompleteUpdate(null, """{"size":3}""", null, null, MuchLater);

        instance.RefusedUpdate.ShouldBeNull();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Updating);
    }

    [Theory]
    [InlineData(ServiceInstanceState.Creating)]
    [InlineData(ServiceInstanceState.Updating)]
    [InlineData(ServiceInstanceState.Deleting)]
    public void InstanceMustNotHaveAnOperationInProgress_is_broken_by_updating_while_an_operation_runs(ServiceInstanceState state)
    {
        var instance = InState(state);
        var version = instance.Version;

        var violation = AssertBrokenRule<InstanceMustNotHaveAnOperationInProgressRule>(() => instance.StartUpdate(Change("params:x"), MuchLater));

        violation.Code.ShouldBe("instance.operation_in_progress");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        violation.Message.ShouldContain(state.ToString().ToLowerInvariant());
        instance.State.ShouldBe(state);
        instance.Version.ShouldBe(version);
    }

    [Fact]
    public void InstanceMustHaveBeenCreated_is_broken_by_updating_an_instance_whose_create_failed()
    {
        var instance = InState(ServiceInstanceState.Failed);

        var violation = AssertBrokenRule<InstanceMustHaveBeenCreatedRule>(() => instance.StartUpdate(Change("params:x"), MuchLater));

        violation.Code.ShouldBe("instance.failed");
        violation.Kind.ShouldBe(RuleKind.Refused);
        instance.State.ShouldBe(ServiceInstanceState.Failed);
    }

    [Fact]
    public void InstanceMustNotBeOrphaned_is_broken_by_updating_an_orphaned_instance()
    {
        var instance = InState(ServiceInstanceState.Orphaned);

        var violation = AssertBrokenRule<InstanceMustNotBeOrphanedRule>(() => instance.StartUpdate(Change("params:x"), MuchLater));

        violation.Code.ShouldBe("instance.orphaned");
        violation.Kind.ShouldBe(RuleKind.Refused);
        instance.State.ShouldBe(ServiceInstanceState.Orphaned);
    }

    [Fact]
    public void InstanceMustNotHaveAnOperationInProgress_InstanceMustHaveBeenCreated_and_InstanceMustNotBeOrphaned_hold_for_a_ready_instance()
    {
        var instance = Ready();

        Should.NotThrow(instance.EnsureCanBeBound);
        Should.NotThrow(() => instance.StartUpdate(Change("params:x"), MuchLater));
    }

    // ----- what a binding needs -----

    [Theory]
    [InlineData(ServiceInstanceState.Creating)]
    [InlineData(ServiceInstanceState.Updating)]
    [InlineData(ServiceInstanceState.Deleting)]
    public void InstanceMustNotHaveAnOperationInProgress_is_broken_by_binding_while_an_operation_runs(ServiceInstanceState state)
    {
        var instance = InState(state);

        AssertBrokenRule<InstanceMustNotHaveAnOperationInProgressRule>(instance.EnsureCanBeBound);
    }

    [Fact]
    public void InstanceMustHaveBeenCreated_is_broken_by_binding_an_instance_whose_create_failed()
    {
        AssertBrokenRule<InstanceMustHaveBeenCreatedRule>(InState(ServiceInstanceState.Failed).EnsureCanBeBound);
    }

    [Fact]
    public void InstanceMustNotBeOrphaned_is_broken_by_binding_an_orphaned_instance()
    {
        AssertBrokenRule<InstanceMustNotBeOrphanedRule>(InState(ServiceInstanceState.Orphaned).EnsureCanBeBound);
    }

    [Fact]
    public void InstanceMustBeUsable_is_broken_by_binding_after_the_broker_said_a_failed_update_left_it_unusable()
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);
        instance.FailUpdate("Broken", instanceUsable: false, updateRepeatable: null, Change("plan:pg-large").Fingerprint, MuchLater);

        var violation = AssertBrokenRule<InstanceMustBeUsableRule>(instance.EnsureCanBeBound);

        violation.Code.ShouldBe("instance.not_usable");
        violation.Kind.ShouldBe(RuleKind.Refused);
    }

    [Fact]
    public void InstanceMustBeUsable_holds_again_once_an_update_succeeded()
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);
        instance.FailUpdate("Broken", instanceUsable: false, updateRepeatable: null, Change("plan:pg-large").Fingerprint, MuchLater);
        instance.StartUpdate(Change("params:repair"), MuchLater);
        instance.CompleteUpdate(null, null, null, null, MuchLater);

        instance.Usable.ShouldBeTrue();
        Should.NotThrow(instance.EnsureCanBeBound);
    }

    // ----- delete -----

    [Fact]
    public void A_delete_of_a_ready_instance_starts()
    {
        var instance = Ready();

        instance.StartDelete(MuchLater);

        instance.State.ShouldBe(ServiceInstanceState.Deleting);
        instance.LastOperation.ShouldBe(LastOperation.Started(OperationType.Delete, MuchLater));
    }

    [Theory]
    [InlineData(ServiceInstanceState.Creating)]
    [InlineData(ServiceInstanceState.Failed)]
    public void InstanceMustNotHaveAnOperationInProgress_holds_for_deleting_while_still_creating_or_after_a_failed_create(ServiceInstanceState state)
    {
        var instance = InState(state);

        instance.StartDelete(MuchLater);

        instance.State.ShouldBe(ServiceInstanceState.Deleting);
        instance.LastOperation.Type.ShouldBe(OperationType.Delete);
    }

    [Theory]
    [InlineData(ServiceInstanceState.Updating)]
    [InlineData(ServiceInstanceState.Deleting)]
    public void InstanceMustNotHaveAnOperationInProgress_is_broken_by_deleting_while_updating_or_deleting(ServiceInstanceState state)
    {
        var instance = InState(state);
        var lastOperation = instance.LastOperation;

        AssertBrokenRule<InstanceMustNotHaveAnOperationInProgressRule>(() => instance.StartDelete(MuchLater));

        instance.State.ShouldBe(state);
        instance.LastOperation.ShouldBe(lastOperation);
    }

    [Fact]
    public void InstanceMustNotBeOrphaned_is_broken_by_deleting_an_orphaned_instance()
    {
        var instance = InState(ServiceInstanceState.Orphaned);

        AssertBrokenRule<InstanceMustNotBeOrphanedRule>(() => instance.StartDelete(MuchLater));

        instance.State.ShouldBe(ServiceInstanceState.Orphaned);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void A_failed_delete_keeps_a_created_instance_ready_and_usable_as_the_broker_says(bool? instanceUsable, bool usable)
    {
        var instance = Ready();
        instance.StartDelete(MuchLater);

        instance.FailDelete("In use", instanceUsable, MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBe(usable);
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Delete, OperationState.Failed, "In use", MuchLater, MuchLater.AddMinutes(1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    public void A_failed_delete_started_while_creating_leaves_a_failed_unusable_record(bool? instanceUsable)
    {
        var instance = Provisioned();
        instance.StartDelete(Later);

        instance.FailDelete("Cannot halt", instanceUsable, MuchLater);

        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.Usable.ShouldBeFalse();
        instance.LastOperation.State.ShouldBe(OperationState.Failed);
    }

    // ----- orphaning and operators -----

    [Fact]
    public void Orphaning_fails_the_running_operation_and_leaves_a_read_only_unusable_record()
    {
        var instance = Ready();
        instance.StartUpdate(Change("params:x"), MuchLater);

        instance.MarkOrphaned(MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Orphaned);
        instance.Usable.ShouldBeFalse();
        instance.LastOperation.ShouldBe(new LastOperation(
            OperationType.Update, OperationState.Failed, "The broker was deleted before the operation ended.", MuchLater, MuchLater.AddMinutes(1)));
    }

    [Fact]
    public void Orphaning_keeps_an_ended_operation_as_it_was_and_a_second_orphaning_changes_nothing()
    {
        var instance = Ready();
        var lastOperation = instance.LastOperation;

        instance.MarkOrphaned(MuchLater);
        var version = instance.Version;
        instance.MarkOrphaned(MuchLater.AddMinutes(1));

        instance.LastOperation.ShouldBe(lastOperation);
        instance.Version.ShouldBe(version);
    }

    [Fact]
    public void An_operator_fails_a_stuck_create_into_a_failed_record()
    {
        var instance = Provisioned();

        instance.FailByOperator("Stuck at the broker", MuchLater);

        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.Usable.ShouldBeFalse();
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Create, OperationState.Failed, "Stuck at the broker", ProvisionedAt, MuchLater));
    }

    [Fact]
    public void An_operator_fails_a_stuck_update_back_to_ready_on_the_old_plan()
    {
        var instance = Ready();
        instance.StartUpdate(Change("plan:pg-large"), MuchLater);

        instance.FailByOperator("Stuck at the broker", MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBeTrue();
        instance.PlanId.ShouldBe(Small.PlanId);
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Update, OperationState.Failed, "Stuck at the broker", MuchLater, MuchLater.AddMinutes(1)));
    }

    [Fact]
    public void An_operator_fails_a_stuck_delete_back_to_ready_and_usable()
    {
        var instance = Ready();
        instance.StartDelete(MuchLater);

        instance.FailByOperator("Stuck at the broker", MuchLater.AddMinutes(1));

        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBeTrue();
        instance.LastOperation.Type.ShouldBe(OperationType.Delete);
        instance.LastOperation.State.ShouldBe(OperationState.Failed);
    }

    [Fact]
    public void An_operator_failing_an_idle_instance_only_marks_its_last_operation_failed()
    {
        var instance = Ready();

        instance.FailByOperator("Operator note", MuchLater);

        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBeTrue();
        instance.LastOperation.ShouldBe(new LastOperation(OperationType.Create, OperationState.Failed, "Operator note", ProvisionedAt, MuchLater));
    }

    // ----- rules that need facts from other aggregates (the plan, the bindings): the aggregate checks them -----

    [Fact]
    public void PlanMustBeActive_is_broken_by_provisioning_a_plan_the_broker_no_longer_offers()
    {
        var violation = AssertBrokenRule<PlanMustBeActiveRule>(() => ServiceInstance.Provision(
            ProjectId, new BrokerConnectionRef(BrokerId, null), Small, planIsActive: false, "orders-db", null, ProvisionedAt));

        violation.Code.ShouldBe("plan.inactive");
        violation.Kind.ShouldBe(RuleKind.Refused);
    }

    [Fact]
    public void PlanMustBeActive_is_broken_by_changing_to_an_inactive_plan_and_nothing_changes()
    {
        var instance = Ready();
        var version = instance.Version;

        AssertBrokenRule<PlanMustBeActiveRule>(() => instance.StartUpdate(Change("plan:pg-large") with { NewPlanIsActive = false }, MuchLater));

        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Version.ShouldBe(version);
    }

    [Fact]
    public void PlanMustBeUpdateable_is_broken_by_a_plan_change_from_a_plan_that_is_not_plan_updateable()
    {
        var instance = Ready();

        var violation = AssertBrokenRule<PlanMustBeUpdateableRule>(
            () => instance.StartUpdate(Change("plan:pg-large") with { CurrentPlanIsUpdateable = false }, MuchLater));

        violation.Code.ShouldBe("plan.not_updateable");
        violation.Kind.ShouldBe(RuleKind.Refused);
        instance.State.ShouldBe(ServiceInstanceState.Ready);
    }

    [Fact]
    public void PlanMustBeUpdateable_holds_for_a_parameters_only_update_of_a_plan_that_is_not_plan_updateable()
    {
        var instance = Ready();

        instance.StartUpdate(Change("params:x") with { CurrentPlanIsUpdateable = false }, MuchLater);

        instance.State.ShouldBe(ServiceInstanceState.Updating);
    }

    [Fact]
    public void BindingsMustBeIdle_is_broken_by_an_update_while_binds_or_unbinds_are_in_flight()
    {
        var instance = Ready();

        var violation = AssertBrokenRule<BindingsMustBeIdleRule>(() => instance.StartUpdate(Change("params:x") with { BindingsInFlight = 1 }, MuchLater));

        violation.Code.ShouldBe("instance.operation_in_progress");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        instance.State.ShouldBe(ServiceInstanceState.Ready);
    }

    [Fact]
    public void UpdateMustChangeSomething_is_broken_by_an_update_without_plan_or_parameters()
    {
        var instance = Ready();

        var violation = AssertBrokenRule<UpdateMustChangeSomethingRule>(
            () => instance.StartUpdate(new InstanceChange(null, false, true, null, 0), MuchLater));

        violation.Code.ShouldBe("validation.failed");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("planId");
    }

    [Fact]
    public void UpdateMustChangeSomething_holds_for_a_plan_parameters_or_both()
    {
        Should.NotThrow(() => Ready().StartUpdate(new InstanceChange(Large.PlanId, true, true, null, 0), MuchLater));
        Should.NotThrow(() => Ready().StartUpdate(new InstanceChange(null, false, true, "{}", 0), MuchLater));
        Should.NotThrow(() => Ready().StartUpdate(new InstanceChange(Large.PlanId, true, true, """{"a":1}""", 0), MuchLater));
    }

    [Fact]
    public void InstanceMustHaveNoBindings_is_broken_by_a_plain_delete_of_an_instance_with_bindings()
    {
        var instance = Ready();

        var violation = AssertBrokenRule<InstanceMustHaveNoBindingsRule>(() => instance.StartDelete(MuchLater, bindings: 2, recursive: false));

        violation.Code.ShouldBe("instance.has_bindings");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        violation.Message.ShouldContain("2 binding(s)");
        violation.Message.ShouldContain("recursive=true");
        instance.State.ShouldBe(ServiceInstanceState.Ready);
    }

    [Fact]
    public void InstanceMustHaveNoBindings_holds_for_a_recursive_delete_which_unbinds_first()
    {
        var instance = Ready();

        instance.StartDelete(MuchLater, bindings: 2, recursive: true);

        instance.State.ShouldBe(ServiceInstanceState.Deleting);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("/relative/path")]
    [InlineData("ftp://dashboard.example.com")]
    [InlineData("")]
    public void A_dashboard_url_that_is_not_absolute_http_is_ignored(string url)
    {
        var instance = Provisioned();
        instance.RecordDashboardUrl("https://dashboard.example.com/1");

        instance.RecordDashboardUrl(url);

        instance.DashboardUrl.ShouldBe("https://dashboard.example.com/1");
    }

    [Fact]
    public void Creating_a_binding_renews_the_instances_version_so_a_racing_delete_cannot_commit_with_it()
    {
        var instance = Provisioned();
        instance.CompleteCreate(null, null, Later);
        var version = instance.Version;

        ServiceBinding.Create(instance, planIsBindable: true, "app", null, MuchLater);

        instance.Version.ShouldNotBe(version);
    }

    // ----- last operation -----

    [Fact]
    public void A_broker_description_longer_than_4000_characters_is_trimmed_on_progress_success_and_failure()
    {
        var description = new string('d', LastOperation.MaxDescriptionLength) + "overflow";
        var started = LastOperation.Started(OperationType.Create, ProvisionedAt);

        started.Progress(description, Later).Description.ShouldBe(new string('d', 4000));
        started.Succeed(description, Later).Description.ShouldBe(new string('d', 4000));
        started.Fail(description, Later).Description.ShouldBe(new string('d', 4000));
        started.Progress(new string('e', 4000), Later).Description!.Length.ShouldBe(4000);
    }

    [Fact]
    public void A_long_description_from_the_broker_is_trimmed_on_the_instance_too()
    {
        var instance = Provisioned();

        instance.FailCreate(new string('x', 5000), Later);

        instance.LastOperation.Description!.Length.ShouldBe(LastOperation.MaxDescriptionLength);
    }

    [Fact]
    public void A_failure_without_a_description_says_the_operation_failed()
    {
        var failed = LastOperation.Started(OperationType.Delete, ProvisionedAt).Fail(null, Later);

        failed.ShouldBe(new LastOperation(OperationType.Delete, OperationState.Failed, "The operation failed.", ProvisionedAt, Later));
    }

    [Fact]
    public void Progress_keeps_type_and_start_and_clears_an_earlier_description_when_the_broker_gives_none()
    {
        var progress = LastOperation.Started(OperationType.Update, ProvisionedAt).Progress("Half way", Later).Progress(null, MuchLater);

        progress.ShouldBe(new LastOperation(OperationType.Update, OperationState.InProgress, null, ProvisionedAt, MuchLater));
    }

    /// <summary>An instance brought into <paramref name="state"/> through its own methods.</summary>
    internal static ServiceInstance InState(ServiceInstanceState state)
    {
        var instance = Provisioned();
        switch (state)
        {
            case ServiceInstanceState.Creating:
                break;
            case ServiceInstanceState.Failed:
                instance.FailCreate("Quota exceeded", Later);
                break;
            case ServiceInstanceState.Ready:
                instance.CompleteCreate(null, null, Later);
                break;
            case ServiceInstanceState.Updating:
                instance.CompleteCreate(null, null, Later);
                instance.StartUpdate(Change("params:x"), Later);
                break;
            case ServiceInstanceState.Deleting:
                instance.CompleteCreate(null, null, Later);
                instance.StartDelete(Later);
                break;
            case ServiceInstanceState.Orphaned:
                instance.CompleteCreate(null, null, Later);
                instance.MarkOrphaned(Later);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }

        instance.State.ShouldBe(state);
        return instance;
    }
}

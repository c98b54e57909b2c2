using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.ServiceInstances.Rules;
using Marketplace.Domain.SharedKernel;
using Shouldly;
using static Marketplace.Domain.Tests.ServiceInstances.ServiceInstanceLifecycle;
using static Marketplace.Domain.Tests.Support.RuleAssertions;

namespace Marketplace.Domain.Tests.ServiceInstances;

/// <summary>
/// The life of a <see cref="ServiceBinding"/>: created only on an idle, created, usable instance; bind completed
/// (credentials kept as received) or failed; unbind (also while the bind still runs) failed back to where it was;
/// orphaning and an operator's failing of a stuck operation; the binding rules broken and kept.
/// </summary>
public sealed class ServiceBindingLifecycle
{
    private static readonly DateTimeOffset BoundAt = MuchLater.AddMinutes(1);
    private static readonly DateTimeOffset UnboundAt = MuchLater.AddMinutes(2);

    private static ServiceBinding Binding(ServiceInstance? instance = null) =>
        ServiceBinding.Create(instance ?? Ready(), planIsBindable: true, " app-user ", """{"role":"reader"}""", MuchLater);

    private static ServiceBinding BoundBinding()
    {
        var binding = Binding();
        binding.CompleteBind("protected(credentials)", BoundAt);
        return binding;
    }

    [Fact]
    public void A_new_binding_of_a_ready_instance_is_creating_in_the_instances_project()
    {
        var instance = Ready();

        var binding = ServiceBinding.Create(instance, planIsBindable: true, " app-user ", """{"role":"reader"}""", MuchLater);

        binding.State.ShouldBe(ServiceBindingState.Creating);
        binding.InstanceId.ShouldBe(instance.Id);
        binding.ProjectId.ShouldBe(instance.ProjectId);
        binding.Name.ShouldBe("app-user");
        binding.ParametersJson.ShouldBe("""{"role":"reader"}""");
        binding.ProtectedCredentials.ShouldBeNull();
        binding.WasCreated.ShouldBeFalse();
        binding.CreatedAt.ShouldBe(MuchLater);
        binding.LastOperation.ShouldBe(LastOperation.Started(OperationType.Bind, MuchLater));
        binding.Id.ShouldNotBe(instance.Id);
    }

    [Fact]
    public void NameMustNotBeEmpty_is_broken_by_a_binding_without_a_name()
    {
        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(() => ServiceBinding.Create(Ready(), planIsBindable: true, " ", null, MuchLater));

        violation.Code.ShouldBe("binding.name_invalid");
        violation.Field.ShouldBe("name");
    }

    [Theory]
    [InlineData(ServiceInstanceState.Creating)]
    [InlineData(ServiceInstanceState.Updating)]
    [InlineData(ServiceInstanceState.Deleting)]
    public void InstanceMustNotHaveAnOperationInProgress_is_broken_by_creating_a_binding_while_the_instance_is_busy(ServiceInstanceState state)
    {
        var violation = AssertBrokenRule<InstanceMustNotHaveAnOperationInProgressRule>(() => Binding(InState(state)));

        violation.Code.ShouldBe("instance.operation_in_progress");
    }

    [Fact]
    public void InstanceMustHaveBeenCreated_is_broken_by_creating_a_binding_of_a_failed_instance()
    {
        AssertBrokenRule<InstanceMustHaveBeenCreatedRule>(() => Binding(InState(ServiceInstanceState.Failed)));
    }

    [Fact]
    public void InstanceMustNotBeOrphaned_is_broken_by_creating_a_binding_of_an_orphaned_instance()
    {
        AssertBrokenRule<InstanceMustNotBeOrphanedRule>(() => Binding(InState(ServiceInstanceState.Orphaned)));
    }

    [Fact]
    public void InstanceMustBeUsable_is_broken_by_creating_a_binding_of_an_instance_the_broker_reported_unusable()
    {
        var instance = Ready();
        instance.StartDelete(MuchLater);
        instance.FailDelete("Half deleted", instanceUsable: false, MuchLater);

        var violation = AssertBrokenRule<InstanceMustBeUsableRule>(() => Binding(instance));

        violation.Code.ShouldBe("instance.not_usable");
    }

    [Fact]
    public void PlanMustBeBindable_is_broken_by_binding_an_instance_whose_plan_is_not_bindable()
    {
        var instance = Ready();
        var version = instance.Version;

        var violation = AssertBrokenRule<PlanMustBeBindableRule>(() => ServiceBinding.Create(instance, planIsBindable: false, "app", null, MuchLater));

        violation.Code.ShouldBe("plan.not_bindable");
        violation.Kind.ShouldBe(RuleKind.Refused);
        instance.Version.ShouldBe(version, "a refused binding changes nothing");
    }

    [Fact]
    public void Progress_reports_keep_the_bind_in_progress_with_the_brokers_description()
    {
        var binding = Binding();

        binding.ReportProgress("Creating user", BoundAt);

        binding.State.ShouldBe(ServiceBindingState.Creating);
        binding.LastOperation.ShouldBe(new LastOperation(OperationType.Bind, OperationState.InProgress, "Creating user", MuchLater, BoundAt));
    }

    [Fact]
    public void A_completed_bind_is_ready_and_keeps_exactly_the_credentials_received()
    {
        var binding = Binding();
        var version = binding.Version;

        binding.CompleteBind("protected(credentials)", BoundAt);

        binding.State.ShouldBe(ServiceBindingState.Ready);
        binding.WasCreated.ShouldBeTrue();
        binding.ProtectedCredentials.ShouldBe("protected(credentials)");
        binding.LastOperation.ShouldBe(new LastOperation(OperationType.Bind, OperationState.Succeeded, null, MuchLater, BoundAt));
        binding.Version.ShouldNotBe(version);
    }

    [Fact]
    public void A_failed_bind_leaves_a_failed_record_without_credentials()
    {
        var binding = Binding();

        binding.FailBind("No more users", BoundAt);

        binding.State.ShouldBe(ServiceBindingState.Failed);
        binding.WasCreated.ShouldBeFalse();
        binding.ProtectedCredentials.ShouldBeNull();
        binding.LastOperation.ShouldBe(new LastOperation(OperationType.Bind, OperationState.Failed, "No more users", MuchLater, BoundAt));
    }

    [Theory]
    [InlineData(ServiceBindingState.Ready)]
    [InlineData(ServiceBindingState.Creating)]
    [InlineData(ServiceBindingState.Failed)]
    public void BindingMustNotBeDeleting_and_BindingMustNotBeOrphaned_hold_for_unbinding_a_ready_creating_or_failed_binding(ServiceBindingState state)
    {
        var binding = BindingInState(state);

        binding.StartUnbind(UnboundAt);

        binding.State.ShouldBe(ServiceBindingState.Deleting);
        binding.LastOperation.ShouldBe(LastOperation.Started(OperationType.Unbind, UnboundAt));
    }

    [Fact]
    public void BindingMustNotBeDeleting_is_broken_by_unbinding_twice()
    {
        var binding = BindingInState(ServiceBindingState.Deleting);
        var version = binding.Version;

        var violation = AssertBrokenRule<BindingMustNotBeDeletingRule>(() => binding.StartUnbind(UnboundAt.AddMinutes(1)));

        violation.Code.ShouldBe("binding.operation_in_progress");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        binding.LastOperation.StartedAt.ShouldBe(UnboundAt);
        binding.Version.ShouldBe(version);
    }

    [Fact]
    public void BindingMustNotBeOrphaned_is_broken_by_unbinding_an_orphaned_binding()
    {
        var binding = BindingInState(ServiceBindingState.Orphaned);

        var violation = AssertBrokenRule<BindingMustNotBeOrphanedRule>(() => binding.StartUnbind(UnboundAt));

        violation.Code.ShouldBe("instance.orphaned");
        violation.Kind.ShouldBe(RuleKind.Refused);
        binding.State.ShouldBe(ServiceBindingState.Orphaned);
    }

    [Fact]
    public void A_failed_unbind_keeps_a_created_binding_ready_with_its_credentials()
    {
        var binding = BoundBinding();
        binding.StartUnbind(UnboundAt);

        binding.FailUnbind("Still connected", UnboundAt.AddMinutes(1));

        binding.State.ShouldBe(ServiceBindingState.Ready);
        binding.ProtectedCredentials.ShouldBe("protected(credentials)");
        binding.LastOperation.ShouldBe(new LastOperation(OperationType.Unbind, OperationState.Failed, "Still connected", UnboundAt, UnboundAt.AddMinutes(1)));
    }

    [Fact]
    public void A_failed_unbind_started_while_the_bind_ran_leaves_a_failed_record()
    {
        var binding = Binding();
        binding.StartUnbind(UnboundAt);

        binding.FailUnbind("Cannot halt", UnboundAt.AddMinutes(1));

        binding.State.ShouldBe(ServiceBindingState.Failed);
        binding.ProtectedCredentials.ShouldBeNull();
    }

    [Fact]
    public void Orphaning_fails_a_running_bind_and_leaves_a_read_only_record_with_its_credentials()
    {
        var binding = BoundBinding();
        binding.StartUnbind(UnboundAt);

        binding.MarkOrphaned(UnboundAt.AddMinutes(1));

        binding.State.ShouldBe(ServiceBindingState.Orphaned);
        binding.ProtectedCredentials.ShouldBe("protected(credentials)");
        binding.LastOperation.ShouldBe(new LastOperation(
            OperationType.Unbind, OperationState.Failed, "The broker was deleted before the operation ended.", UnboundAt, UnboundAt.AddMinutes(1)));
    }

    [Fact]
    public void Orphaning_keeps_an_ended_operation_and_a_second_orphaning_changes_nothing()
    {
        var binding = BoundBinding();
        var lastOperation = binding.LastOperation;

        binding.MarkOrphaned(UnboundAt);
        var version = binding.Version;
        binding.MarkOrphaned(UnboundAt.AddMinutes(1));

        binding.LastOperation.ShouldBe(lastOperation);
        binding.Version.ShouldBe(version);
    }

    [Fact]
    public void An_operator_fails_a_stuck_bind_into_a_failed_record()
    {
        var binding = Binding();

        binding.FailByOperator("Stuck at the broker", UnboundAt);

        binding.State.ShouldBe(ServiceBindingState.Failed);
        binding.LastOperation.ShouldBe(new LastOperation(OperationType.Bind, OperationState.Failed, "Stuck at the broker", MuchLater, UnboundAt));
    }

    [Fact]
    public void An_operator_fails_a_stuck_unbind_back_to_ready()
    {
        var binding = BoundBinding();
        binding.StartUnbind(UnboundAt);

        binding.FailByOperator("Stuck at the broker", UnboundAt.AddMinutes(1));

        binding.State.ShouldBe(ServiceBindingState.Ready);
        binding.LastOperation.Type.ShouldBe(OperationType.Unbind);
        binding.LastOperation.State.ShouldBe(OperationState.Failed);
    }

    [Fact]
    public void An_operator_failing_an_idle_binding_changes_nothing()
    {
        var binding = BoundBinding();
        var lastOperation = binding.LastOperation;
        var version = binding.Version;

        binding.FailByOperator("Operator note", UnboundAt);

        binding.State.ShouldBe(ServiceBindingState.Ready);
        binding.LastOperation.ShouldBe(lastOperation);
        binding.Version.ShouldBe(version);
    }

    [Fact]
    public void A_long_description_from_the_broker_is_trimmed_on_the_binding()
    {
        var binding = Binding();

        binding.FailBind(new string('x', 4500), BoundAt);

        binding.LastOperation.Description.ShouldBe(new string('x', LastOperation.MaxDescriptionLength));
    }

    private static ServiceBinding BindingInState(ServiceBindingState state)
    {
        var binding = Binding();
        switch (state)
        {
            case ServiceBindingState.Creating:
                break;
            case ServiceBindingState.Ready:
                binding.CompleteBind("protected(credentials)", BoundAt);
                break;
            case ServiceBindingState.Failed:
                binding.FailBind("No more users", BoundAt);
                break;
            case ServiceBindingState.Deleting:
                binding.CompleteBind("protected(credentials)", BoundAt);
                binding.StartUnbind(UnboundAt);
                break;
            case ServiceBindingState.Orphaned:
                binding.CompleteBind("protected(credentials)", BoundAt);
                binding.MarkOrphaned(UnboundAt);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }

        binding.State.ShouldBe(state);
        return binding;
    }
}

using Marketplace.Domain.ServiceInstances.Rules;
using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances;

/// <summary>
/// A service instance of a project (M3–M7). Its <see cref="AggregateRoot.Id"/> is also the instance id the
/// broker sees: generated here, never reused (E41). Broker calls happen in the background; the methods
/// below record what the user asked for and what the broker answered, and enforce one operation at a time.
/// </summary>
public sealed class ServiceInstance : AggregateRoot
{
    private ServiceInstance()
    {
        Name = string.Empty;
        BrokerServiceId = string.Empty;
        BrokerPlanId = string.Empty;
        LastOperation = LastOperation.Started(OperationType.Create, DateTimeOffset.MinValue);
    }

    public Guid ProjectId { get; private set; }

    /// <summary>The broker whose connection serves the instance: its private registration or <see cref="PublicationId"/>.</summary>
    public Guid BrokerId { get; private set; }

    public Guid? PublicationId { get; private set; }

    /// <summary>The connection its broker calls go to: the publication's id, or the broker's for its private registration.</summary>
    public Guid ConnectionId => PublicationId ?? BrokerId;

    /// <summary>The marketplace's id of the service offering (one catalog entry of one connection).</summary>
    public Guid ServiceId { get; private set; }

    /// <summary>The marketplace's id of the plan.</summary>
    public Guid PlanId { get; private set; }

    /// <summary>The broker's own id of the offering, sent as <c>service_id</c>.</summary>
    public string BrokerServiceId { get; private set; }

    /// <summary>The broker's own id of the current plan, sent as <c>plan_id</c>.</summary>
    public string BrokerPlanId { get; private set; }

    public string Name { get; private set; }

    public ServiceInstanceState State { get; private set; }

    /// <summary>False after the broker said so on a failed update or delete (G58, H64), or when the create failed.</summary>
    public bool Usable { get; private set; }

    public string? DashboardUrl { get; private set; }

    /// <summary>The parameters the marketplace sent, merged over all updates (a JSON object), or null.</summary>
    public string? ParametersJson { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Whether the broker ever confirmed the create: a failed delete then returns to ready, not to failed.</summary>
    public bool WasCreated { get; private set; }

    public LastOperation LastOperation { get; private set; }

    /// <summary>The update the broker said must not be repeated (<c>update_repeatable: false</c>), as a fingerprint.</summary>
    public string? RefusedUpdate { get; private set; }

    /// <summary>M3: a new instance of an active plan (a plan the broker no longer offers is kept inactive only for existing instances).</summary>
    public static ServiceInstance Provision(
        Guid projectId, BrokerConnectionRef connection, OfferingRef offering, bool planIsActive, string name, string? parametersJson, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(offering);
        CheckRule(new PlanMustBeActiveRule(planIsActive));
        CheckRule(new NameMustNotBeEmptyRule(name, "instance"));
        return new ServiceInstance
        {
            ProjectId = projectId,
            BrokerId = connection.BrokerId,
            PublicationId = connection.PublicationId,
            ServiceId = offering.ServiceId,
            PlanId = offering.PlanId,
            BrokerServiceId = offering.BrokerServiceId,
            BrokerPlanId = offering.BrokerPlanId,
            Name = name.Trim(),
            State = ServiceInstanceState.Creating,
            Usable = false,
            ParametersJson = parametersJson,
            CreatedAt = now,
            LastOperation = LastOperation.Started(OperationType.Create, now),
        };
    }

    /// <summary>Bindings, updates and deletes ask this first: the instance is idle, created and not orphaned.</summary>
    public void EnsureCanBeBound()
    {
        CheckRule(new InstanceMustNotBeOrphanedRule(State));
        CheckRule(new InstanceMustHaveBeenCreatedRule(State));
        CheckRule(new InstanceMustNotHaveAnOperationInProgressRule(State));
        CheckRule(new InstanceMustBeUsableRule(Usable));
    }

    /// <summary>B9: an orphaned instance is read-only; checked before anything else is looked up for a change.</summary>
    public void EnsureNotOrphaned() => CheckRule(new InstanceMustNotBeOrphanedRule(State));

    /// <summary>A broker's answer while an operation runs (a poll's description, a retry's reason).</summary>
    public void ReportProgress(string? description, DateTimeOffset now)
    {
        // Not a change of the resource (no new version): the user's delete or update must not lose a race
        // against the background's progress notes.
        LastOperation = LastOperation.Progress(description, now);
    }

    public const int MaxDashboardUrlLength = 2000;

    /// <summary>
    /// E45/G56: the broker's dashboard URL; an absent or null one keeps the previous value. Only an absolute http(s)
    /// URL is kept: users' browsers open it, so a <c>javascript:</c> or otherwise odd value from a broker is ignored.
    /// </summary>
    public void RecordDashboardUrl(string? dashboardUrl)
    {
        if (dashboardUrl is { Length: > 0 and <= MaxDashboardUrlLength } &&
            Uri.TryCreate(dashboardUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
            dashboardUrl != DashboardUrl)
        {
            DashboardUrl = dashboardUrl;
            MarkChanged();
        }
    }

    /// <summary>
    /// A binding is being created: a new version, so a delete that counted no bindings a moment ago cannot commit
    /// alongside it (one of the two gets 409 <c>concurrency.conflict</c>).
    /// </summary>
    public void NoteNewBinding() => MarkChanged();

    public void CompleteCreate(string? dashboardUrl, string? description, DateTimeOffset now, string? requestId = null)
    {
        RecordDashboardUrl(dashboardUrl);
        State = ServiceInstanceState.Ready;
        Usable = true;
        WasCreated = true;
        LastOperation = LastOperation.Succeed(description, now, requestId);
        MarkChanged();
    }

    /// <summary>The create failed; the instance stays as a failed record with the reason and never retries by itself (checklist P3).</summary>
    public void FailCreate(string description, DateTimeOffset now, string? code = null, string? requestId = null)
    {
        State = ServiceInstanceState.Failed;
        Usable = false;
        LastOperation = LastOperation.Fail(description, now, code, requestId);
        MarkChanged();
    }

    /// <summary>
    /// M7: an update of the plan (only from a plan-updateable plan to an active one, G53), the parameters, or both —
    /// while no bind or unbind of the instance is in flight (N95) and unless the broker said this very update must not be
    /// repeated.
    /// </summary>
    public void StartUpdate(InstanceChange change, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        CheckRule(new InstanceMustNotBeOrphanedRule(State));
        CheckRule(new BindingsMustBeIdleRule(change.BindingsInFlight));
        CheckRule(new UpdateMustChangeSomethingRule(change.NewPlanId, change.ParametersJson));
        if (change.NewPlanId is not null)
        {
            CheckRule(new PlanMustBeUpdateableRule(change.CurrentPlanIsUpdateable));
            CheckRule(new PlanMustBeActiveRule(change.NewPlanIsActive));
        }

        CheckRule(new InstanceMustHaveBeenCreatedRule(State));
        CheckRule(new InstanceMustNotHaveAnOperationInProgressRule(State));
        CheckRule(new UpdateMustBeRepeatableRule(RefusedUpdate, change.Fingerprint));
        State = ServiceInstanceState.Updating;
        LastOperation = LastOperation.Started(OperationType.Update, now);
        MarkChanged();
    }

    /// <summary>G59: only a successful update switches the record to the new plan; the sent parameters are merged in.</summary>
    public void CompleteUpdate(
        OfferingRef? newPlan, string? mergedParametersJson, string? dashboardUrl, string? description, DateTimeOffset now, string? requestId = null)
    {
        if (newPlan is not null)
        {
            PlanId = newPlan.PlanId;
            BrokerPlanId = newPlan.BrokerPlanId;
        }

        ParametersJson = mergedParametersJson ?? ParametersJson;
        RecordDashboardUrl(dashboardUrl);
        State = ServiceInstanceState.Ready;
        Usable = true;
        RefusedUpdate = null;
        LastOperation = LastOperation.Succeed(description, now, requestId);
        MarkChanged();
    }

    /// <summary>G58: a failed update leaves the instance as it was; the broker's flags say whether it is usable and may be retried.</summary>
    public void FailUpdate(
        string description, bool? instanceUsable, bool? updateRepeatable, string updateFingerprint, DateTimeOffset now, string? code = null,
        string? requestId = null)
    {
        State = ServiceInstanceState.Ready;
        Usable = instanceUsable ?? true;
        RefusedUpdate = updateRepeatable == false ? updateFingerprint : null;
        LastOperation = LastOperation.Fail(description, now, code, requestId);
        MarkChanged();
    }

    /// <summary>
    /// M6. Allowed while the create is still running (H65): the broker halts the creation. An instance with bindings is
    /// deleted only recursively, its bindings first (H60).
    /// </summary>
    public void StartDelete(DateTimeOffset now, int bindings = 0, bool recursive = false)
    {
        CheckRule(new InstanceMustNotBeOrphanedRule(State));
        if (!recursive)
        {
            CheckRule(new InstanceMustHaveNoBindingsRule(bindings));
        }

        if (State != ServiceInstanceState.Creating)
        {
            CheckRule(new InstanceMustNotHaveAnOperationInProgressRule(State));
        }

        State = ServiceInstanceState.Deleting;
        LastOperation = LastOperation.Started(OperationType.Delete, now);
        MarkChanged();
    }

    /// <summary>H63/H64: a failed delete keeps the instance; it returns to ready (or failed, if never created).</summary>
    public void FailDelete(string description, bool? instanceUsable, DateTimeOffset now, string? code = null, string? requestId = null)
    {
        State = WasCreated ? ServiceInstanceState.Ready : ServiceInstanceState.Failed;
        Usable = WasCreated && (instanceUsable ?? true);
        LastOperation = LastOperation.Fail(description, now, code, requestId);
        MarkChanged();
    }

    /// <summary>B9: the broker was deleted; the record stays, read-only, and nothing more is sent.</summary>
    public void MarkOrphaned(DateTimeOffset now)
    {
        if (State == ServiceInstanceState.Orphaned)
        {
            return;
        }

        if (LastOperation.State == OperationState.InProgress)
        {
            LastOperation = LastOperation.Fail("The broker was deleted before the operation ended.", now);
        }

        State = ServiceInstanceState.Orphaned;
        Usable = false;
        MarkChanged();
    }

    /// <summary>X4: an operator ends a stuck operation as failed without calling the broker.</summary>
    public void FailByOperator(string description, DateTimeOffset now)
    {
        switch (State)
        {
            case ServiceInstanceState.Creating:
                FailCreate(description, now);
                break;
            case ServiceInstanceState.Updating:
                State = ServiceInstanceState.Ready;
                LastOperation = LastOperation.Fail(description, now);
                MarkChanged();
                break;
            case ServiceInstanceState.Deleting:
                FailDelete(description, null, now);
                break;
            default:
                LastOperation = LastOperation.Fail(description, now);
                MarkChanged();
                break;
        }
    }
}

/// <summary>
/// What an update asks for, with the facts its rules need: the new plan (if any) and whether it is active, whether the
/// current plan allows plan changes, the parameters to send, and how many of the instance's binds or unbinds are in flight.
/// </summary>
public sealed record InstanceChange(Guid? NewPlanId, bool NewPlanIsActive, bool CurrentPlanIsUpdateable, string? ParametersJson, int BindingsInFlight)
{
    /// <summary>Identifies the update for <c>update_repeatable</c> (G58): the same plan and parameters.</summary>
    public string Fingerprint => $"{NewPlanId}|{ParametersJson}";
}

/// <summary>The connection an instance is provisioned through.</summary>
public sealed record BrokerConnectionRef(Guid BrokerId, Guid? PublicationId);

/// <summary>An offering and plan, with the marketplace's ids and the broker's.</summary>
public sealed record OfferingRef(Guid ServiceId, Guid PlanId, string BrokerServiceId, string BrokerPlanId);

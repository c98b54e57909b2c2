using Marketplace.Domain.Osb;
using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances;

/// <summary>
/// One broker operation in flight (O2): the database, not a job queue, is its source of truth. It says what is
/// due next (<see cref="Step"/>, <see cref="NextAttemptAt"/>), what the broker gave to poll with
/// (<see cref="OperationToken"/>) and until when (<see cref="Deadline"/>). A worker claims it
/// (<see cref="ClaimToken"/> until <see cref="ClaimedUntil"/>) for one step at a time, so a restart resumes it
/// and several nodes never run the same step at once. It moves only through <see cref="Apply"/>, which takes what
/// <see cref="OperationPolicy"/> decided and refuses a transition the state machine does not have:
/// <code>
/// AwaitingUnbinds → Request → Polling → FetchingBinding (binds) → ended
///                      ↘ (failed create or bind) → OrphanMitigation ⇄ OrphanMitigationPolling → ended
/// </code>
/// The row is deleted once the operation has ended.
/// </summary>
public sealed class BrokerOperation : AggregateRoot
{
    public const int MaxErrorLength = 2000;

    private bool _ended;

    private BrokerOperation()
    {
        BrokerServiceId = string.Empty;
        BrokerPlanId = string.Empty;
    }

    public Guid BrokerId { get; private set; }

    /// <summary>The connection the calls go to: the publication's id, or the broker's for its private registration.</summary>
    public Guid ConnectionId { get; private set; }

    public Guid InstanceId { get; private set; }

    /// <summary>Set for bind and unbind.</summary>
    public Guid? BindingId { get; private set; }

    public OperationType Type { get; private set; }

    public OperationStep Step { get; private set; }

    /// <summary>The broker's offering id, sent on polls and deletes.</summary>
    public string BrokerServiceId { get; private set; }

    /// <summary>The plan id sent on polls and deletes: for a plan change the old plan (D31, checklist P5).</summary>
    public string BrokerPlanId { get; private set; }

    /// <summary>The JSON body of the PUT or PATCH, built once so a resend is identical (N94).</summary>
    public string? RequestJson { get; private set; }

    /// <summary>For updates: the plan switched to on success (marketplace and broker ids), and the merged parameters.</summary>
    public Guid? TargetPlanId { get; private set; }

    public string? TargetBrokerPlanId { get; private set; }

    public string? MergedParametersJson { get; private set; }

    /// <summary>Identifies the requested update for <c>update_repeatable</c>.</summary>
    public string? UpdateFingerprint { get; private set; }

    /// <summary>The broker's <c>operation</c> from the 202, echoed on every poll (D31, checklist P6); null when it gave none.</summary>
    public string? OperationToken { get; private set; }

    /// <summary>The user who asked; sent as originating identity. Orphan mitigation sends none (L82).</summary>
    public string? OriginatingUserId { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When polling (or retrying) gives up: the smaller of the plan's <c>maximum_polling_duration</c> and ours (D38).</summary>
    public DateTimeOffset Deadline { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Broker calls made in the current step.</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// Times the marketplace itself failed to run the current step (an exception outside the answer policy); enough of
    /// them fail the operation. Counted per step, like <see cref="Attempts"/>.
    /// </summary>
    public int InternalFailures { get; private set; }

    /// <summary>The last thing that went wrong (a poll's 500, a timeout), shown to users and operators (checklist P4).</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    /// <summary>For binds: the offering's <c>bindings_retrievable</c>, so an asynchronous bind can fetch its credentials (I71).</summary>
    public bool BindingsRetrievable { get; private set; }

    /// <summary>
    /// A user's later operation replaced this one (a delete during a create, an unbind during a bind: H65, K81). A
    /// superseded operation calls the broker no more; its worker, if one is mid-call, saves nothing, and the next
    /// claim ends it. Until then it keeps the instance's lock, so the replacing call never overlaps its last call (N95).
    /// </summary>
    public bool Superseded { get; private set; }

    /// <summary>
    /// The connection is degraded (circuit open): the operation waits without calling, until its deadline or until a
    /// probe finds the broker answering again, which makes every waiting operation of the connection due at once.
    /// </summary>
    public bool AwaitingBroker { get; private set; }

    /// <summary>While <see cref="AwaitingBroker"/>: when the step was due before it had to wait, and is due again once the broker answers (a Retry-After still holds).</summary>
    public DateTimeOffset? ResumeAt { get; private set; }

    public Guid? ClaimToken { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>Ended: the repository removes the row; no transition is allowed any more.</summary>
    public bool HasEnded => _ended;

    public bool IsOrphanMitigation => Step is OperationStep.OrphanMitigation or OperationStep.OrphanMitigationPolling;

    /// <summary>M3: the PUT of a new instance.</summary>
    public static BrokerOperation Provision(ServiceInstance instance, string requestJson, string? userId, DateTimeOffset now, DateTimeOffset deadline) =>
        Start(instance, null, OperationType.Create, OperationStep.Request, requestJson, userId, now, deadline);

    /// <summary>M7: the PATCH, with what to record when it succeeds and how to recognise it if it must not be repeated.</summary>
    public static BrokerOperation Update(
        ServiceInstance instance, string requestJson, string? userId, DateTimeOffset now, DateTimeOffset deadline,
        OfferingRef? newPlan, string? mergedParametersJson, string fingerprint)
    {
        var operation = Start(instance, null, OperationType.Update, OperationStep.Request, requestJson, userId, now, deadline);
        operation.TargetPlanId = newPlan?.PlanId;
        operation.TargetBrokerPlanId = newPlan?.BrokerPlanId;
        operation.MergedParametersJson = mergedParametersJson;
        operation.UpdateFingerprint = fingerprint;
        return operation;
    }

    /// <summary>M6: the DELETE; a recursive delete first waits until the instance's bindings are gone (H60).</summary>
    public static BrokerOperation Deprovision(ServiceInstance instance, bool awaitUnbinds, string? userId, DateTimeOffset now, DateTimeOffset deadline) =>
        Start(instance, null, OperationType.Delete, awaitUnbinds ? OperationStep.AwaitingUnbinds : OperationStep.Request, null, userId, now, deadline);

    /// <summary>M5: the PUT of a binding; <paramref name="bindingsRetrievable"/> lets an asynchronous bind fetch its credentials (I71).</summary>
    public static BrokerOperation Bind(
        ServiceInstance instance, ServiceBinding binding, string requestJson, string? userId, DateTimeOffset now, DateTimeOffset deadline,
        bool bindingsRetrievable)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var operation = Start(instance, binding, OperationType.Bind, OperationStep.Request, requestJson, userId, now, deadline);
        operation.BindingsRetrievable = bindingsRetrievable;
        return operation;
    }

    /// <summary>M5: the DELETE of a binding.</summary>
    public static BrokerOperation Unbind(ServiceInstance instance, ServiceBinding binding, string? userId, DateTimeOffset now, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return Start(instance, binding, OperationType.Unbind, OperationStep.Request, null, userId, now, deadline);
    }

    private static BrokerOperation Start(
        ServiceInstance instance, ServiceBinding? binding, OperationType type, OperationStep step, string? requestJson,
        string? originatingUserId, DateTimeOffset now, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new BrokerOperation
        {
            BrokerId = instance.BrokerId,
            ConnectionId = instance.ConnectionId,
            InstanceId = instance.Id,
            BindingId = binding?.Id,
            Type = type,
            Step = step,
            BrokerServiceId = instance.BrokerServiceId,
            BrokerPlanId = instance.BrokerPlanId,
            RequestJson = requestJson,
            OriginatingUserId = originatingUserId,
            StartedAt = now,
            Deadline = deadline,
            NextAttemptAt = now,
        };
    }

    public bool IsPastDeadline(DateTimeOffset now) => now >= Deadline;

    /// <summary>Where the operation stands, for <see cref="OperationPolicy"/>.</summary>
    public StepSituation Situation(DateTimeOffset now) => new(Type, Step, now, StartedAt, Deadline, Attempts, BindingsRetrievable);

    /// <summary>The <c>plan_id</c> and <c>service_id</c> sent on polls and deletes.</summary>
    public (string ServiceId, string PlanId) BrokerPlan => (BrokerServiceId, BrokerPlanId);

    /// <summary>Moves the operation as <paramref name="outcome"/> says.</summary>
    public void Apply(StepOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        EnsureNotEnded(outcome);
        AwaitingBroker = false;
        ResumeAt = null;
        switch (outcome)
        {
            case StepOutcome.Succeeded when !IsOrphanMitigation && Step != OperationStep.AwaitingUnbinds:
            case StepOutcome.Failed { OrphanMitigation: false } when !IsOrphanMitigation:
            case StepOutcome.Cleaned when IsOrphanMitigation:
                End();
                break;
            case StepOutcome.Failed { OrphanMitigation: true } when !IsOrphanMitigation && Type is OperationType.Create or OperationType.Bind:
                // L82: delete until the broker confirms, with no originating identity and a fresh start for the backoff. It
                // shows as stuck to operators (X4) once it takes longer than the operation was allowed; its retries go on.
                OriginatingUserId = null;
                OperationToken = null;
                Deadline = now + (Deadline - StartedAt);
                StartedAt = now;
                MoveTo(OperationStep.OrphanMitigation, now);
                break;
            case StepOutcome.Polls polls when Step is OperationStep.Request or OperationStep.OrphanMitigation:
                OperationToken = polls.OperationToken;
                MoveTo(Step == OperationStep.Request ? OperationStep.Polling : OperationStep.OrphanMitigationPolling, polls.At);
                break;
            case StepOutcome.Continues next when next.Step == Step:
                Attempts++;
                NextAttemptAt = next.At;
                RecordError(next.Problem, now);
                break;
            case StepOutcome.Continues next when IsAllowedMove(Step, next.Step):
                MoveTo(next.Step, next.At);
                RecordError(next.Problem, now);
                break;
            default:
                throw new InvalidOperationException($"A {Type} operation at step {Step} cannot take the outcome {outcome.GetType().Name}.");
        }

        MarkChanged();
    }

    /// <summary>
    /// The connection is degraded: wait without calling until <paramref name="until"/> (the deadline; for orphan
    /// mitigation, which has none, a later retry) or until the connection recovers, whichever comes first.
    /// </summary>
    public void WaitForBroker(DateTimeOffset until, string problem, DateTimeOffset now)
    {
        EnsureNotEnded(null);
        ResumeAt = AwaitingBroker ? ResumeAt : NextAttemptAt;
        AwaitingBroker = true;
        NextAttemptAt = until;
        RecordError(problem, now);
        MarkChanged();
    }

    /// <summary>H65, K81: a user's delete replaces this operation; it is due at once, so the next claim ends it.</summary>
    public void Supersede(DateTimeOffset now)
    {
        if (_ended)
        {
            throw new InvalidOperationException("An ended operation cannot be superseded.");
        }

        Superseded = true;
        NextAttemptAt = now;
        MarkChanged();
    }

    /// <summary>Ends the operation without calling the broker (superseded, its resource purged, an operator's decision).</summary>
    public void End()
    {
        _ended = true;
        MarkChanged();
    }

    /// <summary>X4: an operator asks for the next step now.</summary>
    public void DueNow(DateTimeOffset now)
    {
        EnsureNotEnded(null);
        NextAttemptAt = now;
        MarkChanged();
    }

    /// <summary>Once this worker's claim is recorded; the claim itself is taken with a conditional update.</summary>
    public bool IsClaimedBy(Guid claimToken) => ClaimToken == claimToken;

    /// <summary>Saved with the step's outcome, so the next step can be claimed by anyone.</summary>
    public void ReleaseClaim()
    {
        ClaimToken = null;
        ClaimedUntil = null;
    }

    private static bool IsAllowedMove(OperationStep from, OperationStep to) => (from, to) switch
    {
        (OperationStep.AwaitingUnbinds, OperationStep.Request) => true,
        (OperationStep.Polling, OperationStep.FetchingBinding) => true,
        (OperationStep.OrphanMitigationPolling, OperationStep.OrphanMitigation) => true,
        _ => false,
    };

    private void MoveTo(OperationStep step, DateTimeOffset at)
    {
        Step = step;
        Attempts = 0;
        InternalFailures = 0;
        LastError = null;
        LastErrorAt = null;
        NextAttemptAt = at;
    }

    private void RecordError(string? error, DateTimeOffset now)
    {
        LastError = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
        LastErrorAt = error is null ? null : now;
    }

    private void EnsureNotEnded(StepOutcome? outcome)
    {
        if (_ended)
        {
            throw new InvalidOperationException($"The {Type} operation has ended; it cannot take {outcome?.GetType().Name ?? "another step"}.");
        }
    }
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances;

/// <summary>
/// One broker operation in flight (O2): the database, not a job queue, is its source of truth. It says what is
/// due next (<see cref="Step"/>, <see cref="NextAttemptAt"/>), what the broker gave to poll with
/// (<see cref="OperationToken"/>) and until when (<see cref="Deadline"/>). A worker claims it
/// (<see cref="ClaimToken"/> until <see cref="ClaimedUntil"/>) for one step at a time, so a restart resumes it
/// and several nodes never run the same step at once. The row is deleted when the operation has ended.
/// </summary>
public sealed class BrokerOperation : AggregateRoot
{
    /// <summary>OSB caps <c>operation</c> at 10,000 characters (E44).</summary>
    public const int MaxOperationTokenLength = 10_000;

    public const int MaxErrorLength = 2000;

    private BrokerOperation()
    {
        BrokerServiceId = string.Empty;
        BrokerPlanId = string.Empty;
    }

    public Guid BrokerId { get; private set; }

    public Guid InstanceId { get; private set; }

    /// <summary>Set for bind and unbind.</summary>
    public Guid? BindingId { get; private set; }

    public OperationType Type { get; private set; }

    public OperationStep Step { get; private set; }

    /// <summary>The broker's offering id, sent on polls and deletes.</summary>
    public string BrokerServiceId { get; private set; }

    /// <summary>The plan id sent on polls and deletes: for a plan change the old plan (D31, P5).</summary>
    public string BrokerPlanId { get; private set; }

    /// <summary>The JSON body of the PUT or PATCH, built once so a resend is identical (N94).</summary>
    public string? RequestJson { get; private set; }

    /// <summary>For updates: the plan switched to on success (marketplace and broker ids), and the merged parameters.</summary>
    public Guid? TargetPlanId { get; private set; }

    public string? TargetBrokerPlanId { get; private set; }

    public string? MergedParametersJson { get; private set; }

    /// <summary>Identifies the requested update for <c>update_repeatable</c>.</summary>
    public string? UpdateFingerprint { get; private set; }

    /// <summary>The broker's <c>operation</c> from the 202, echoed on every poll (D31, P6); null when it gave none.</summary>
    public string? OperationToken { get; private set; }

    /// <summary>The user who asked; sent as originating identity. Orphan mitigation sends none (L82).</summary>
    public string? OriginatingUserId { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When polling (or retrying) gives up: the smaller of the plan's <c>maximum_polling_duration</c> and ours (D38).</summary>
    public DateTimeOffset Deadline { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Broker calls made in the current step.</summary>
    public int Attempts { get; private set; }

    /// <summary>The last thing that went wrong (a poll's 500, a timeout), shown to users and operators (P4).</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    /// <summary>For binds: the offering's <c>bindings_retrievable</c>, so an asynchronous bind can fetch its credentials (I71).</summary>
    public bool BindingsRetrievable { get; private set; }

    public Guid? ClaimToken { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    public static BrokerOperation Start(
        ServiceInstance instance, ServiceBinding? binding, OperationType type, OperationStep step, string? requestJson,
        string? originatingUserId, DateTimeOffset now, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new BrokerOperation
        {
            BrokerId = instance.BrokerId,
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

    /// <summary>For an update: what to record when it succeeds, and how to recognise it if it must not be repeated.</summary>
    public void DescribeUpdate(OfferingRef? newPlan, string? mergedParametersJson, string fingerprint)
    {
        TargetPlanId = newPlan?.PlanId;
        TargetBrokerPlanId = newPlan?.BrokerPlanId;
        MergedParametersJson = mergedParametersJson;
        UpdateFingerprint = fingerprint;
        MarkChanged();
    }

    public void ExpectRetrievableBinding(bool bindingsRetrievable)
    {
        BindingsRetrievable = bindingsRetrievable;
        MarkChanged();
    }

    public bool IsPastDeadline(DateTimeOffset now) => now >= Deadline;

    /// <summary>The broker accepted (202): poll from <paramref name="firstPollAt"/>, echoing <paramref name="operationToken"/>.</summary>
    public void StartPolling(string? operationToken, DateTimeOffset firstPollAt, bool orphanMitigation = false)
    {
        OperationToken = operationToken;
        MoveTo(orphanMitigation ? OperationStep.OrphanMitigationPolling : OperationStep.Polling, firstPollAt);
    }

    /// <summary>Go on with <paramref name="step"/> at <paramref name="at"/>; attempts and errors count per step.</summary>
    public void MoveTo(OperationStep step, DateTimeOffset at)
    {
        Step = step;
        Attempts = 0;
        LastError = null;
        LastErrorAt = null;
        NextAttemptAt = at;
        MarkChanged();
    }

    /// <summary>
    /// L82: after a failed provision or bind, delete at the broker until it confirms. No originating identity; the
    /// deadline only marks the operation as stuck for operators (X4), the retries go on.
    /// </summary>
    public void StartOrphanMitigation(DateTimeOffset now, DateTimeOffset stuckAfter)
    {
        OriginatingUserId = null;
        OperationToken = null;
        StartedAt = now;
        Deadline = stuckAfter;
        MoveTo(OperationStep.OrphanMitigation, now);
    }

    /// <summary>The orphan mitigation's delete was answered asynchronously but failed: delete again, backing off further.</summary>
    public void RetryOrphanMitigation(DateTimeOffset at, string error, DateTimeOffset now)
    {
        Step = OperationStep.OrphanMitigation;
        OperationToken = null;
        ScheduleNext(at, error, now);
    }

    /// <summary>The step ran and is due again at <paramref name="at"/> (a poll in progress, a retry); <paramref name="error"/> is shown if set.</summary>
    public void ScheduleNext(DateTimeOffset at, string? error, DateTimeOffset now)
    {
        Attempts++;
        NextAttemptAt = at;
        if (error is not null)
        {
            LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
            LastErrorAt = now;
        }
        else
        {
            LastError = null;
            LastErrorAt = null;
        }

        MarkChanged();
    }

    /// <summary>X4: an operator asks for the next step now.</summary>
    public void DueNow(DateTimeOffset now)
    {
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
}

using System.Text.Json;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.ServiceInstances.Operations;

/// <summary>
/// One claimed operation with its instance (and binding) while a step runs: applies how the step ended to the
/// aggregates — success, failure (with or without orphan mitigation), or another attempt later.
/// </summary>
internal sealed class RunningOperation(
    BrokerOperation operation,
    ServiceInstance instance,
    ServiceBinding? binding,
    IBrokerOperationRepository operations,
    IServiceInstanceRepository instances,
    IServiceBindingRepository bindings,
    ISecretProtector secrets,
    OperationTiming timing,
    DateTimeOffset now)
{
    public BrokerOperation Operation { get; } = operation;

    public ServiceInstance Instance { get; } = instance;

    public ServiceBinding? Binding { get; } = binding;

    public DateTimeOffset Now { get; } = now;

    /// <summary>Whether the row was removed (the operation ended) — nothing more to save on it.</summary>
    public bool Ended { get; private set; }

    public OsbPlanRef Plan => new(Operation.BrokerServiceId, Operation.BrokerPlanId);

    public bool IsOrphanMitigation => Operation.Step is OperationStep.OrphanMitigation or OperationStep.OrphanMitigationPolling;

    /// <summary>What the user reads in <c>lastOperation.description</c> while the operation goes on.</summary>
    public void Progress(string? description)
    {
        if (Binding is not null)
        {
            Binding.ReportProgress(description, Now);
        }
        else
        {
            Instance.ReportProgress(description, Now);
        }
    }

    /// <summary>The broker accepted (202): poll from now on, tight at first.</summary>
    public void StartPolling(BrokerAnswer answer)
    {
        Operation.StartPolling(answer.StringField("operation"), NotAfterDeadline(timing.NextPoll(Operation.StartedAt, Now, answer.RetryAfter(Now))), IsOrphanMitigation);
        if (!IsOrphanMitigation)
        {
            Progress(answer.Description);
        }
    }

    /// <summary>A poll said "in progress", or answered something we keep polling through (D37).</summary>
    public void PollAgain(BrokerAnswer answer, string? error)
    {
        Operation.ScheduleNext(NotAfterDeadline(timing.NextPoll(Operation.StartedAt, Now, answer.RetryAfter(Now))), error, Now);
        if (!IsOrphanMitigation)
        {
            Progress(error is null ? answer.Description : $"Still waiting for the broker. Last poll: {error}");
        }
    }

    /// <summary>Try the same step again later (a <c>ConcurrencyError</c>, a delete that failed with a 5xx), backing off.</summary>
    public void RetryLater(BrokerAnswer answer, string error)
    {
        var next = timing.NextRetry(Operation.Attempts, Now, answer.RetryAfter(Now));
        Operation.ScheduleNext(IsOrphanMitigation ? next : NotAfterDeadline(next), error, Now);
        if (!IsOrphanMitigation)
        {
            Progress($"The marketplace will retry. {error}");
        }
    }

    public void Succeed(BrokerAnswer? answer)
    {
        switch (Operation.Type)
        {
            case OperationType.Create:
                Instance.CompleteCreate(answer?.StringField("dashboard_url"), answer?.Description, Now);
                break;
            case OperationType.Update:
                Instance.CompleteUpdate(
                    Operation.TargetPlanId is { } planId
                        ? new OfferingRef(Instance.ServiceId, planId, Instance.BrokerServiceId, Operation.TargetBrokerPlanId!)
                        : null,
                    Operation.MergedParametersJson, answer?.StringField("dashboard_url"), answer?.Description, Now);
                break;
            case OperationType.Delete:
                instances.Remove(Instance);
                break;
            case OperationType.Bind:
                Binding!.CompleteBind(answer?.Body is { } body ? secrets.Protect(body.ToJsonString()) : null, Now);
                break;
            case OperationType.Unbind:
                bindings.Remove(Binding!);
                break;
        }

        End();
    }

    /// <summary>
    /// The operation failed. Creates and binds that may have left something at the broker start orphan mitigation
    /// (L83, L84): the row stays and deletes until the broker confirms. Updates never do (L86).
    /// </summary>
    public void Fail(string description, BrokerAnswer? answer, bool orphanMitigation)
    {
        switch (Operation.Type)
        {
            case OperationType.Create:
                Instance.FailCreate(description, Now);
                break;
            case OperationType.Update:
                Instance.FailUpdate(description, answer?.InstanceUsable, answer?.UpdateRepeatable, Operation.UpdateFingerprint ?? string.Empty, Now);
                break;
            case OperationType.Delete:
                Instance.FailDelete(description, answer?.InstanceUsable, Now);
                break;
            case OperationType.Bind:
                Binding!.FailBind(description, Now);
                break;
            case OperationType.Unbind:
                Binding!.FailUnbind(description, Now);
                break;
        }

        if (orphanMitigation && Operation.Type is OperationType.Create or OperationType.Bind)
        {
            Operation.StartOrphanMitigation(Now, timing.DeadlineFor(Now, null));
        }
        else
        {
            End();
        }
    }

    /// <summary>Orphan mitigation ended: the broker confirmed the delete. The failed record stays for the user.</summary>
    public void End()
    {
        operations.Remove(Operation);
        Ended = true;
    }

    /// <summary>D38: a long <c>Retry-After</c> or backoff never hides the deadline: the last attempt happens at it.</summary>
    private DateTimeOffset NotAfterDeadline(DateTimeOffset next) =>
        IsOrphanMitigation || next <= Operation.Deadline ? next : Operation.Deadline;

    /// <summary>A binding answer's <c>credentials</c> must be an object when present (I69).</summary>
    public static bool HasWellFormedBinding(BrokerAnswer answer) =>
        answer.BodyIsObject && answer.FieldIsAbsentOr("credentials", JsonValueKind.Object) && answer.FieldIsAbsentOr("endpoints", JsonValueKind.Array);
}

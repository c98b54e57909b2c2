using Marketplace.Domain.ServiceInstances.Rules;
using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances;

/// <summary>
/// A named binding of an instance (M5). Its <see cref="AggregateRoot.Id"/> is the binding id the broker sees.
/// It keeps exactly the credentials the broker returned for it, encrypted (never shared between bindings).
/// </summary>
public sealed class ServiceBinding : AggregateRoot
{
    private ServiceBinding()
    {
        Name = string.Empty;
        LastOperation = LastOperation.Started(OperationType.Bind, DateTimeOffset.MinValue);
    }

    public Guid InstanceId { get; private set; }

    public Guid ProjectId { get; private set; }

    public string Name { get; private set; }

    public ServiceBindingState State { get; private set; }

    public string? ParametersJson { get; private set; }

    /// <summary>The broker's binding response (credentials and the rest), encrypted; null until the bind succeeded.</summary>
    public string? ProtectedCredentials { get; private set; }

    public bool WasCreated { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public LastOperation LastOperation { get; private set; }

    /// <summary>M5: a binding of a usable, idle instance whose plan is bindable (I66).</summary>
    public static ServiceBinding Create(ServiceInstance instance, bool planIsBindable, string name, string? parametersJson, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(instance);
        instance.EnsureCanBeBound();
        CheckRule(new PlanMustBeBindableRule(planIsBindable));
        CheckRule(new NameMustNotBeEmptyRule(name, "binding"));
        instance.NoteNewBinding();
        return new ServiceBinding
        {
            InstanceId = instance.Id,
            ProjectId = instance.ProjectId,
            Name = name.Trim(),
            State = ServiceBindingState.Creating,
            ParametersJson = parametersJson,
            CreatedAt = now,
            LastOperation = LastOperation.Started(OperationType.Bind, now),
        };
    }

    public void ReportProgress(string? description, DateTimeOffset now)
    {
        // Not a change of the resource (no new version): the user's delete or update must not lose a race
        // against the background's progress notes.
        LastOperation = LastOperation.Progress(description, now);
    }

    /// <summary>I70: the credentials are stored at first receipt, already encrypted.</summary>
    public void CompleteBind(string? protectedCredentials, DateTimeOffset now, string? requestId = null)
    {
        ProtectedCredentials = protectedCredentials;
        State = ServiceBindingState.Ready;
        WasCreated = true;
        LastOperation = LastOperation.Succeed(null, now, requestId);
        MarkChanged();
    }

    public void FailBind(string description, DateTimeOffset now, string? code = null, string? requestId = null)
    {
        State = ServiceBindingState.Failed;
        LastOperation = LastOperation.Fail(description, now, code, requestId);
        MarkChanged();
    }

    /// <summary>Allowed while the bind is still running (K81): the broker halts the creation.</summary>
    public void StartUnbind(DateTimeOffset now)
    {
        CheckRule(new BindingMustNotBeOrphanedRule(State));
        CheckRule(new BindingMustNotBeDeletingRule(State));
        State = ServiceBindingState.Deleting;
        LastOperation = LastOperation.Started(OperationType.Unbind, now);
        MarkChanged();
    }

    /// <summary>K80: a failed unbind keeps the binding (and its credentials).</summary>
    public void FailUnbind(string description, DateTimeOffset now, string? code = null, string? requestId = null)
    {
        State = WasCreated ? ServiceBindingState.Ready : ServiceBindingState.Failed;
        LastOperation = LastOperation.Fail(description, now, code, requestId);
        MarkChanged();
    }

    public void MarkOrphaned(DateTimeOffset now)
    {
        if (State == ServiceBindingState.Orphaned)
        {
            return;
        }

        if (LastOperation.State == OperationState.InProgress)
        {
            LastOperation = LastOperation.Fail("The broker was deleted before the operation ended.", now);
        }

        State = ServiceBindingState.Orphaned;
        MarkChanged();
    }

    /// <summary>X4: an operator ends a stuck operation as failed without calling the broker.</summary>
    public void FailByOperator(string description, DateTimeOffset now)
    {
        if (State == ServiceBindingState.Deleting)
        {
            FailUnbind(description, now);
        }
        else if (State == ServiceBindingState.Creating)
        {
            FailBind(description, now);
        }
    }
}

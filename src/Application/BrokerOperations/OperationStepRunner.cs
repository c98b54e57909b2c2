using System.Security.Cryptography;
using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Osb;
using Marketplace.Domain.ServiceInstances;
using Microsoft.Extensions.Logging;
using static Marketplace.Domain.ServiceInstances.StepOutcome;

namespace Marketplace.Application.BrokerOperations;

/// <summary>
/// Runs the due step of one claimed operation: at most one broker call (never inside a transaction), the answer
/// judged by <see cref="OperationPolicy"/>, the outcome applied to the operation and its instance or binding, and
/// one save — made only while this worker still holds its claim and no user has superseded the operation. A step
/// that fails inside the marketplace is counted and tried again; enough failures end the operation (O2).
/// </summary>
public sealed class OperationStepRunner(
    IBrokerOperationRepository operations,
    IServiceInstanceRepository instances,
    IServiceBindingRepository bindings,
    IServiceBrokerRepository brokers,
    IConnectionCircuits circuits,
    IServiceBrokerClient client,
    BrokerConnections connections,
    ISecretProtector secrets,
    ICatalogRepository catalogs,
    IUnitOfWork unitOfWork,
    IOperationClaims claims,
    BrokerOperationOptions options,
    TimeProvider clock,
    ILogger<OperationStepRunner> logger)
{
    private readonly OperationSchedule _schedule = options.Schedule;

    private (Guid BrokerId, Guid? PublicationId)? _refreshCatalogOf;

    /// <summary>Runs the step of the operation this worker claimed by id (a step that makes no broker call).</summary>
    public Task RunAsync(Guid operationId, Guid claimToken, CancellationToken cancellationToken) =>
        RunAsync(new ClaimedStep(operationId, claimToken, null), () => operations.FindAsync(operationId, cancellationToken), cancellationToken);

    /// <summary>Runs the step of the operation <paramref name="claim"/> holds, read by the claim itself (a lane's step: no read of its id first).</summary>
    public Task RunAsync(OperationClaim claim, CancellationToken cancellationToken) =>
        RunAsync(new ClaimedStep(null, claim.Token, claim), () => operations.FindClaimedAsync(claim, cancellationToken), cancellationToken);

    private async Task RunAsync(ClaimedStep step, Func<Task<BrokerOperation?>> find, CancellationToken cancellationToken)
    {
        BrokerOperation? operation = null;
        try
        {
            operation = await find();
            if (operation is null || !operation.IsClaimedBy(step.Token))
            {
                return; // ended meanwhile, or another worker took over after our claim expired
            }

            step = step with { OperationId = operation.Id };
            var superseded = operation.Superseded;
            await RunStepAsync(operation, cancellationToken);
            operation.ReleaseClaim();
            if (operation.HasEnded)
            {
                operations.Remove(operation);
            }

            await unitOfWork.SaveClaimedStepAsync(operation.Id, step.Token, mayBeSuperseded: superseded, cancellationToken);
            if (_refreshCatalogOf is { } connection)
            {
                // N96: our catalog is out of date; refreshed once this outcome is saved.
                await catalogs.RequestRefreshAsync(connection.BrokerId, connection.PublicationId, null, clock.GetUtcNow(), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping: the step runs again at once elsewhere or after the restart (every request is idempotent).
            await ReleaseQuietlyAsync(step);
            throw;
        }
        catch (Exception e) when (e is ConcurrencyException or ClaimLostException)
        {
            // A user changed the instance or binding meanwhile (a delete during a create, say), or our claim lapsed: theirs
            // wins. Nothing of this step is saved; the operation, if it still exists, runs again and sees their change.
            logger.LogInformation("Operation {OperationId} changed while its step ran; the step's outcome was dropped", step.OperationId);
            await ReleaseQuietlyAsync(step);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong (a read or save the database refused, a bug), the failure is counted and the step tried
            // again with backoff, never past the deadline; enough failures, or the deadline, end the operation.
            logger.LogError(e, "Step {Step} of operation {OperationId} failed inside the marketplace; it will be tried again", operation?.Step, step.OperationId);
            await RecordFailureQuietlyAsync(operation, step, e);
        }
    }

    /// <summary>The claim a step runs under: by the operation's id, or (before the operation is read) by the claim itself.</summary>
    private sealed record ClaimedStep(Guid? OperationId, Guid Token, OperationClaim? Claim);

    private async Task RecordFailureQuietlyAsync(BrokerOperation? operation, ClaimedStep step, Exception failure)
    {
        var now = clock.GetUtcNow();
        var retry = _schedule.NextRetry(operation?.InternalFailures ?? 0, now);
        var next = operation is { IsOrphanMitigation: false } && retry > operation.Deadline ? operation.Deadline : retry;
        var reason = $"The marketplace could not complete this step ({failure.GetType().Name}); it will try again.";
        try
        {
            if (step.OperationId is { } operationId)
            {
                await claims.RecordStepFailureAsync(operationId, step.Token, reason, now, next, CancellationToken.None);
            }
            else if (step.Claim is { } claim)
            {
                await claims.RecordStepFailureAsync(claim, reason, now, next, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Recording the failure of operation {OperationId} failed too", step.OperationId);
            await ReleaseQuietlyAsync(step);
        }
    }

    /// <summary>Gives the claim back so the step runs again at once; if even that fails (the database is down), the claim lapses by itself.</summary>
    private async Task ReleaseQuietlyAsync(ClaimedStep step)
    {
        try
        {
            if (step.OperationId is { } operationId)
            {
                await claims.ReleaseAsync(operationId, step.Token, CancellationToken.None);
            }
            else if (step.Claim is { } claim)
            {
                await claims.ReleaseAsync(claim, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Releasing the claim on operation {OperationId} failed; it lapses by itself", step.OperationId);
        }
    }

    private async Task RunStepAsync(BrokerOperation operation, CancellationToken cancellationToken)
    {
        if (operation.Superseded)
        {
            operation.End(); // a user's later operation replaced it (H65, K81); it calls the broker no more
            return;
        }

        var instance = await instances.FindAsync(operation.InstanceId, cancellationToken);
        var binding = operation.BindingId is { } bindingId ? await bindings.FindAsync(bindingId, cancellationToken) : null;
        if (instance is null || (operation.BindingId is not null && binding is null))
        {
            operation.End(); // its resource was purged
            return;
        }

        var broker = await brokers.FindAsync(instance.BrokerId, cancellationToken);
        var publication = instance.PublicationId is { } publicationId ? broker?.FindPublication(publicationId) : null;
        if (broker is null || (instance.PublicationId is not null && publication is null))
        {
            // B9: the broker is gone; nothing is sent to it any more.
            var now = clock.GetUtcNow();
            instance.MarkOrphaned(now);
            binding?.MarkOrphaned(now);
            operation.End();
            return;
        }

        if (operation.Step != OperationStep.AwaitingUnbinds && await circuits.IsOpenAsync(operation.ConnectionId, cancellationToken))
        {
            // The connection's circuit is open: accepted operations wait for the broker without calling it, until it
            // answers a probe again or their deadline — which still wins.
            var now = clock.GetUtcNow();
            if (OperationPolicy.WhileBrokerUnavailable(operation.Situation(now), _schedule) is { } giveUp)
            {
                Apply(operation, instance, binding, giveUp, now);
                return;
            }

            var until = operation.IsOrphanMitigation ? now + _schedule.MaximumPollInterval : operation.Deadline;
            const string waiting = "The broker is not answering (its connection keeps failing); the operation waits until it answers again.";
            operation.WaitForBroker(until, waiting, now);
            if (!operation.IsOrphanMitigation)
            {
                ReportProgress(instance, binding, waiting, now);
            }

            return;
        }

        var outcome = await DecideAsync(operation, instance, broker, publication, cancellationToken);
        Apply(operation, instance, binding, outcome, clock.GetUtcNow());
    }

    private async Task<StepOutcome> DecideAsync(
        BrokerOperation operation, ServiceInstance instance, ServiceBroker broker, Publication? publication, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Orphan mitigation never gives up: it only shows as stuck (X4) and keeps calling.
        if (!operation.IsOrphanMitigation && operation.InternalFailures > 0
            && (operation.InternalFailures >= options.MaxStepFailures || operation.IsPastDeadline(now)))
        {
            return OperationPolicy.GiveUp(
                operation.Situation(now),
                $"The marketplace could not complete this operation after {operation.InternalFailures} attempt(s). {operation.LastError}".TrimEnd(),
                "internal_error", _schedule);
        }

        if (operation.Step == OperationStep.AwaitingUnbinds)
        {
            var remaining = await bindings.ForInstanceAsync(instance.Id, cancellationToken);
            var failed = remaining.FirstOrDefault(b => b.State != Domain.ServiceInstances.ServiceBindingState.Deleting);
            return OperationPolicy.AwaitUnbinds(
                operation.Situation(now), remaining.Count,
                failed is null ? null : $"The binding '{failed.Name}' could not be deleted, so the instance was kept. {failed.LastOperation.Description}",
                _schedule);
        }

        BrokerConnection connection;
        try
        {
            var userId = operation.IsOrphanMitigation ? null : operation.OriginatingUserId;
            connection = publication is null ? connections.ForRegistration(broker, userId) : connections.ForPublication(broker, publication, userId);
        }
        catch (CryptographicException)
        {
            return OperationPolicy.GiveUp(
                operation.Situation(now),
                "The broker's stored credentials cannot be decrypted (the key ring changed); its owner must set the password again.",
                "credentials_unreadable", _schedule);
        }

        // Operations always end by their deadline: no call outlives it, whatever the broker's own timeout.
        if (!operation.IsOrphanMitigation && operation.Deadline - now < connection.Timeout)
        {
            connection = connection with { Timeout = TimeSpan.FromTicks(Math.Max((operation.Deadline - now).Ticks, TimeSpan.FromSeconds(1).Ticks)) };
        }

        var answer = await CallAsync(operation, instance.Id, connection, cancellationToken);
        return OperationPolicy.Decide(operation.Situation(clock.GetUtcNow()), answer, _schedule);
    }

    private Task<OsbAnswer> CallAsync(BrokerOperation operation, Guid instanceId, BrokerConnection connection, CancellationToken cancellationToken)
    {
        var plan = new OsbPlanRef(operation.BrokerServiceId, operation.BrokerPlanId);
        var bindingId = operation.BindingId;
        return (operation.Step, operation.Type) switch
        {
            (OperationStep.Request, OperationType.Create) => client.ProvisionAsync(connection, instanceId, operation.RequestJson!, cancellationToken),
            (OperationStep.Request, OperationType.Update) => client.UpdateAsync(connection, instanceId, operation.RequestJson!, cancellationToken),
            (OperationStep.Request, OperationType.Bind) => client.BindAsync(connection, instanceId, bindingId!.Value, operation.RequestJson!, cancellationToken),
            (OperationStep.Request or OperationStep.OrphanMitigation, OperationType.Delete or OperationType.Create) =>
                client.DeprovisionAsync(connection, instanceId, plan, cancellationToken),
            (OperationStep.Request or OperationStep.OrphanMitigation, _) => client.UnbindAsync(connection, instanceId, bindingId!.Value, plan, cancellationToken),
            (OperationStep.FetchingBinding, _) => client.FetchBindingAsync(connection, instanceId, bindingId!.Value, plan, cancellationToken),
            _ when bindingId is { } id => client.PollBindingAsync(connection, instanceId, id, plan, operation.OperationToken, cancellationToken),
            _ => client.PollInstanceAsync(connection, instanceId, plan, operation.OperationToken, cancellationToken),
        };
    }

    /// <summary>The outcome, applied to the instance or binding (as users see it) and then to the operation itself.</summary>
    private void Apply(BrokerOperation operation, ServiceInstance instance, ServiceBinding? binding, StepOutcome outcome, DateTimeOffset now)
    {
        switch (outcome)
        {
            case Succeeded succeeded:
                Complete(operation, instance, binding, succeeded, now);
                break;
            case Failed failed:
                Fail(operation, instance, binding, failed, now);
                break;
            case Polls polls when !operation.IsOrphanMitigation:
                if (operation.Type is OperationType.Create or OperationType.Update)
                {
                    instance.RecordDashboardUrl(polls.DashboardUrl); // E45: already in the 202
                }

                ReportProgress(instance, binding, polls.Progress, now);
                break;
            case Continues continues when !operation.IsOrphanMitigation:
                ReportProgress(instance, binding, continues.Progress, now);
                break;
            case Cleaned:
                logger.LogInformation("Orphan mitigation of operation {OperationId} confirmed by the broker", operation.Id);
                break;
        }

        operation.Apply(outcome, now);
    }

    private void Complete(BrokerOperation operation, ServiceInstance instance, ServiceBinding? binding, Succeeded succeeded, DateTimeOffset now)
    {
        switch (operation.Type)
        {
            case OperationType.Create:
                instance.CompleteCreate(succeeded.Body?.Text("dashboard_url"), succeeded.Description, now, succeeded.RequestId);
                break;
            case OperationType.Update:
                instance.CompleteUpdate(
                    operation.TargetPlanId is { } planId
                        ? new OfferingRef(instance.ServiceId, planId, instance.BrokerServiceId, operation.TargetBrokerPlanId!)
                        : null,
                    operation.MergedParametersJson, succeeded.Body?.Text("dashboard_url"), succeeded.Description, now, succeeded.RequestId);
                break;
            case OperationType.Delete:
                instances.Remove(instance);
                break;
            case OperationType.Bind:
                binding!.CompleteBind(
                    succeeded.Body is { } body ? secrets.Protect(body.Only(OsbBody.BindingFields).ToJsonString()) : null, now, succeeded.RequestId);
                break;
            case OperationType.Unbind:
                bindings.Remove(binding!);
                break;
        }
    }

    private void Fail(BrokerOperation operation, ServiceInstance instance, ServiceBinding? binding, Failed failed, DateTimeOffset now)
    {
        // The one line an operator finds from lastOperation.requestId (successful broker calls are logged at Debug only).
        logger.LogInformation(
            "Operation {OperationId} ({Type}) failed with {Code} after broker request {RequestId}: {Reason}",
            operation.Id, operation.Type, failed.Code, failed.RequestId, failed.Reason);
        switch (operation.Type)
        {
            case OperationType.Create:
                instance.FailCreate(failed.Reason, now, failed.Code, failed.RequestId);
                break;
            case OperationType.Update:
                instance.FailUpdate(
                    failed.Reason, failed.InstanceUsable, failed.UpdateRepeatable, operation.UpdateFingerprint ?? string.Empty, now, failed.Code,
                    failed.RequestId);
                break;
            case OperationType.Delete:
                instance.FailDelete(failed.Reason, failed.InstanceUsable, now, failed.Code, failed.RequestId);
                break;
            case OperationType.Bind:
                binding!.FailBind(failed.Reason, now, failed.Code, failed.RequestId);
                break;
            case OperationType.Unbind:
                binding!.FailUnbind(failed.Reason, now, failed.Code, failed.RequestId);
                break;
        }

        if (failed.RefreshCatalog)
        {
            _refreshCatalogOf = (instance.BrokerId, instance.PublicationId);
        }
    }

    /// <summary>What users read in <c>lastOperation.description</c> while the operation goes on.</summary>
    private static void ReportProgress(ServiceInstance instance, ServiceBinding? binding, string? description, DateTimeOffset now)
    {
        if (binding is not null)
        {
            binding.ReportProgress(description, now);
        }
        else
        {
            instance.ReportProgress(description, now);
        }
    }
}

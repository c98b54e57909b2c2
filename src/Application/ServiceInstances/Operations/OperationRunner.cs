using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.ServiceInstances;
using Microsoft.Extensions.Logging;

namespace Marketplace.Application.ServiceInstances.Operations;

/// <summary>
/// Runs the due step of one claimed operation: one broker call (never inside a transaction), then one save of
/// what it means. The status × body handling follows the platform checklist, sections D–L and its matrix. A
/// step that crashes before its save is simply run again: every request is idempotent (N94).
/// </summary>
public sealed class OperationRunner(
    IBrokerOperationRepository operations,
    IServiceInstanceRepository instances,
    IServiceBindingRepository bindings,
    IServiceBrokerRepository brokers,
    IServiceBrokerClient client,
    BrokerConnections connections,
    ISecretProtector secrets,
    ICatalogRefreshJobs catalogRefreshes,
    IUnitOfWork unitOfWork,
    IOperationClaims claims,
    OperationTiming timing,
    TimeProvider clock,
    ILogger<OperationRunner> logger)
{
    public async Task RunAsync(Guid operationId, Guid claimToken, CancellationToken cancellationToken)
    {
        var operation = await operations.FindAsync(operationId, cancellationToken);
        if (operation is null || !operation.IsClaimedBy(claimToken))
        {
            return; // ended meanwhile, or another worker took over after our claim expired
        }

        try
        {
            if (await RunStepAsync(operation, claimToken, cancellationToken))
            {
                await unitOfWork.SaveChangesAsync(cancellationToken);
            }
        }
        catch (ConcurrencyException)
        {
            // A user changed the instance or binding meanwhile (a delete during a create, say): theirs wins; the
            // operation, if it still exists, runs again at once and sees their change.
            logger.LogInformation("Operation {OperationId} changed while its step ran; the step will run again", operationId);
            await claims.ReleaseAsync(operationId, claimToken, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong (a save the database refused, a bug), the step is tried again later with backoff,
            // the error is visible on the operation (X4), and the deadline still applies to the next attempt.
            logger.LogError(e, "Step {Step} of operation {OperationId} failed; it will be tried again", operation.Step, operationId);
            var now = clock.GetUtcNow();
            await claims.RecordStepFailureAsync(
                operationId, claimToken, $"The marketplace could not complete this step ({e.GetType().Name}); it will try again.", now,
                timing.NextRetry(operation.Attempts, now), CancellationToken.None);
        }
    }

    /// <summary>Runs the step; false when this worker lost its claim and must change nothing.</summary>
    private async Task<bool> RunStepAsync(BrokerOperation operation, Guid claimToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var instance = await instances.FindAsync(operation.InstanceId, cancellationToken);
        var binding = operation.BindingId is { } bindingId ? await bindings.FindAsync(bindingId, cancellationToken) : null;
        if (instance is null || (operation.BindingId is not null && binding is null))
        {
            operations.Remove(operation); // its resource was purged
            return true;
        }

        var broker = await brokers.FindAsync(instance.BrokerId, cancellationToken);
        var publication = instance.PublicationId is { } publicationId ? broker?.FindPublication(publicationId) : null;
        if (broker is null || (instance.PublicationId is not null && publication is null))
        {
            // B9: the broker is gone; nothing is sent to it any more.
            instance.MarkOrphaned(now);
            binding?.MarkOrphaned(now);
            operations.Remove(operation);
            return true;
        }

        var running = new RunningOperation(operation, instance, binding, operations, instances, bindings, secrets, timing, now);
        var userId = running.IsOrphanMitigation ? null : operation.OriginatingUserId;
        var connection = publication is null ? connections.ForRegistration(broker, userId) : connections.ForPublication(broker, publication, userId);
        if (!await claims.TryClaimAsync(operation.Id, claimToken, now, now + connection.Timeout + timing.Options.ClaimMargin, cancellationToken))
        {
            return false; // our claim expired and another worker holds the operation now
        }

        operation.ReleaseClaim();

        switch (operation.Step)
        {
            case OperationStep.AwaitingUnbinds:
                await AwaitUnbindsAsync(running, connection, cancellationToken);
                break;
            case OperationStep.Request:
                await RequestAsync(running, connection, cancellationToken);
                break;
            case OperationStep.Polling:
                await PollAsync(running, connection, cancellationToken);
                break;
            case OperationStep.FetchingBinding:
                await FetchBindingAsync(running, connection, cancellationToken);
                break;
            case OperationStep.OrphanMitigation:
                await OrphanMitigationAsync(running, connection, cancellationToken);
                break;
            case OperationStep.OrphanMitigationPolling:
                await PollOrphanMitigationAsync(running, connection, cancellationToken);
                break;
        }

        return true;
    }

    /// <summary>H60: a recursive delete deprovisions only once every binding is gone.</summary>
    private async Task AwaitUnbindsAsync(RunningOperation running, BrokerConnection connection, CancellationToken cancellationToken)
    {
        var remaining = await bindings.ForInstanceAsync(running.Instance.Id, cancellationToken);
        if (remaining.Count == 0)
        {
            running.Operation.MoveTo(OperationStep.Request, running.Now);
            await RequestAsync(running, connection, cancellationToken);
            return;
        }

        var stuck = remaining.FirstOrDefault(b => b.State != ServiceBindingState.Deleting);
        if (stuck is not null)
        {
            running.Fail($"The binding '{stuck.Name}' could not be deleted, so the instance was kept. {stuck.LastOperation.Description}", null, false);
            return;
        }

        running.Operation.ScheduleNext(timing.NextPoll(running.Operation.StartedAt, running.Now, null), null, running.Now);
        running.Progress($"Deleting {remaining.Count} binding(s) first.");
    }

    private async Task RequestAsync(RunningOperation running, BrokerConnection connection, CancellationToken cancellationToken)
    {
        var operation = running.Operation;
        if (operation.Attempts > 0 && operation.IsPastDeadline(running.Now))
        {
            running.Fail($"The broker did not accept the request before the deadline. {operation.LastError}", null, false);
            return;
        }

        var instanceId = running.Instance.Id;
        var call = operation.Type switch
        {
            OperationType.Create => client.ProvisionAsync(connection, instanceId, operation.RequestJson!, cancellationToken),
            OperationType.Update => client.UpdateAsync(connection, instanceId, operation.RequestJson!, cancellationToken),
            OperationType.Delete => client.DeprovisionAsync(connection, instanceId, running.Plan, cancellationToken),
            OperationType.Bind => client.BindAsync(connection, instanceId, running.Binding!.Id, operation.RequestJson!, cancellationToken),
            _ => client.UnbindAsync(connection, instanceId, running.Binding!.Id, running.Plan, cancellationToken),
        };
        var answer = BrokerAnswer.Of(await call);
        var verb = VerbOf(operation.Type);
        switch (operation.Type)
        {
            case OperationType.Create or OperationType.Bind:
                OnCreateAnswer(running, answer, verb, connection);
                break;
            case OperationType.Update:
                OnUpdateAnswer(running, answer, verb, connection);
                break;
            default:
                OnDeleteAnswer(running, answer, verb);
                break;
        }
    }

    /// <summary>E43–E47, I69–I74 and the matrix rows "PUT instance" and "PUT binding".</summary>
    private void OnCreateAnswer(RunningOperation running, BrokerAnswer answer, string verb, BrokerConnection connection)
    {
        var isBind = running.Operation.Type == OperationType.Bind;
        if (!answer.Answered)
        {
            // L83/L84: a timeout (or a connection lost mid-request) may have created something; a TLS or policy refusal sent nothing.
            running.Fail(answer.Explain(verb), null, answer.Call.Outcome is BrokerCallOutcome.Timeout or BrokerCallOutcome.Unreachable);
            return;
        }

        var wellFormed = isBind ? RunningOperation.HasWellFormedBinding(answer) : answer.BodyIsObject;
        switch (answer.Status)
        {
            case 200 or 201 when wellFormed:
                running.Succeed(answer);
                break;
            case 200:
                running.Fail($"The broker answered {verb} with 200 and a malformed body.", answer, orphanMitigation: false); // L86
                break;
            case 201:
                running.Fail($"The broker answered {verb} with 201 and a malformed body.", answer, orphanMitigation: true);
                break;
            case 202 when answer.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength):
                if (!isBind)
                {
                    running.Instance.RecordDashboardUrl(answer.StringField("dashboard_url")); // E45: already in the 202
                }

                running.StartPolling(answer);
                break;
            case 202:
                running.Fail($"The broker answered {verb} with 202 and a malformed body.", answer, orphanMitigation: true);
                break;
            case 422 when answer.IsConcurrencyError:
                running.RetryLater(answer, answer.Explain(verb)); // N95: another operation runs at the broker; never orphan mitigation
                break;
            case 422 when answer.IsMaintenanceInfoConflict:
                catalogRefreshes.Enqueue(connection.BrokerId, connection.PublicationId, null); // N96
                running.Fail(answer.Explain(verb) + " The marketplace refreshes the catalog; try again afterwards.", answer, false);
                break;
            case >= 400 and < 500:
                running.Fail(answer.Explain(verb), answer, orphanMitigation: false); // L86: no orphan mitigation after 4xx
                break;
            default:
                running.Fail(answer.Explain(verb), answer, orphanMitigation: true); // other 2xx, 3xx, 5xx
                break;
        }
    }

    /// <summary>G56–G58 and the matrix row "PATCH instance": never orphan mitigation.</summary>
    private void OnUpdateAnswer(RunningOperation running, BrokerAnswer answer, string verb, BrokerConnection connection)
    {
        switch (answer.Answered ? answer.Status : 0)
        {
            case 200 when answer.BodyIsObject:
                running.Succeed(answer);
                break;
            case 200:
                running.Fail($"The broker answered {verb} with 200 and a malformed body.", answer, false); // L86: just a failure
                break;
            case 202 when answer.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength):
                running.Instance.RecordDashboardUrl(answer.StringField("dashboard_url"));
                running.StartPolling(answer);
                break;
            case 202:
                running.Fail($"The broker answered {verb} with 202 and a malformed body.", answer, false);
                break;
            case 422 when answer.IsConcurrencyError:
                running.RetryLater(answer, answer.Explain(verb));
                break;
            case 422 when answer.IsMaintenanceInfoConflict:
                catalogRefreshes.Enqueue(connection.BrokerId, connection.PublicationId, null);
                running.Fail(answer.Explain(verb) + " The marketplace refreshes the catalog; try again afterwards.", answer, false);
                break;
            default:
                running.Fail(answer.Explain(verb), answer, false);
                break;
        }
    }

    /// <summary>H62–H63, K79–K80, L85 and the matrix rows "DELETE": gone is success; 4xx fails and keeps; the rest retries.</summary>
    private static void OnDeleteAnswer(RunningOperation running, BrokerAnswer answer, string verb)
    {
        switch (answer.Answered ? answer.Status : 0)
        {
            case 200 or 410:
                running.Succeed(null);
                break;
            case 202 when answer.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength):
                running.StartPolling(answer);
                break;
            case 422 when answer.IsConcurrencyError:
                RetryOrGiveUp(running, answer, answer.Explain(verb));
                break;
            case >= 400 and < 500:
                running.Fail(answer.Explain(verb), answer, false);
                break;
            default:
                RetryOrGiveUp(running, answer, answer.Explain(verb)); // 5xx, other 2xx, malformed 202, no answer
                break;
        }
    }

    private static void RetryOrGiveUp(RunningOperation running, BrokerAnswer answer, string error)
    {
        if (running.Operation.IsPastDeadline(running.Now))
        {
            running.Fail(error, answer, false);
        }
        else
        {
            running.RetryLater(answer, error);
        }
    }

    /// <summary>D31–D40 and the matrix row "GET last_operation".</summary>
    private async Task PollAsync(RunningOperation running, BrokerConnection connection, CancellationToken cancellationToken)
    {
        var operation = running.Operation;
        var type = operation.Type;
        var answer = BrokerAnswer.Of(await PollCallAsync(running, connection, cancellationToken));
        var deleting = type is OperationType.Delete or OperationType.Unbind;
        if (answer.Answered && answer.Status == 410 && deleting)
        {
            running.Succeed(null); // D35
            return;
        }

        var state = answer.Answered && answer.Status == 200 ? answer.PollState : null;
        if (state is null or "in progress" && operation.IsPastDeadline(running.Now))
        {
            // D38, P9: the deadline makes it failed, with orphan mitigation for creates and binds.
            var last = state is null ? answer.Explain("the last poll") : answer.Description;
            running.Fail(
                $"The broker did not finish {VerbOf(type)} within the maximum polling duration. {last}".TrimEnd(), answer, orphanMitigation: true);
            return;
        }

        switch (state)
        {
            case "in progress":
                running.PollAgain(answer, null);
                break;
            case "succeeded" when type == OperationType.Bind:
                if (operation.BindingsRetrievable)
                {
                    operation.MoveTo(OperationStep.FetchingBinding, running.Now);
                    running.Progress("The broker created the binding; fetching its credentials.");
                }
                else
                {
                    running.Fail(
                        "The broker created the binding asynchronously but does not let platforms fetch bindings (bindings_retrievable is false), so its credentials cannot be read.",
                        null, orphanMitigation: true);
                }

                break;
            case "succeeded":
                running.Succeed(answer);
                break;
            case "failed":
                // L83/L84: a failed create or bind may have left something behind; failed updates and deletes keep the resource.
                running.Fail(answer.Description ?? $"The broker reports that the {VerbOf(type)} failed.", answer, orphanMitigation: true);
                break;
            default:
                // D37: keep polling until a valid answer or the deadline; say what was wrong (P4).
                running.PollAgain(answer, answer.Answered && answer.Status == 200 ? answer.ExplainUnknownPollState() : answer.Explain("the poll"));
                break;
        }
    }

    private Task<BrokerCallResult> PollCallAsync(RunningOperation running, BrokerConnection connection, CancellationToken cancellationToken) =>
        running.Binding is { } binding
            ? client.PollBindingAsync(connection, running.Instance.Id, binding.Id, running.Plan, running.Operation.OperationToken, cancellationToken)
            : client.PollInstanceAsync(connection, running.Instance.Id, running.Plan, running.Operation.OperationToken, cancellationToken);

    /// <summary>I71, J77: after an asynchronous bind, the credentials come from GET binding; 404 means not visible yet.</summary>
    private async Task FetchBindingAsync(RunningOperation running, BrokerConnection connection, CancellationToken cancellationToken)
    {
        var answer = BrokerAnswer.Of(await client.FetchBindingAsync(connection, running.Instance.Id, running.Binding!.Id, running.Plan, cancellationToken));
        if (answer.Answered && answer.Status == 200 && RunningOperation.HasWellFormedBinding(answer) && answer.Body!["credentials"] is not null)
        {
            running.Succeed(answer); // J77: an asynchronously created binding must come with its credentials
        }
        else if (running.Operation.IsPastDeadline(running.Now))
        {
            running.Fail($"The broker's binding could not be fetched before the deadline. {answer.Explain("fetching the binding")}", answer, true);
        }
        else
        {
            running.PollAgain(answer, answer.Explain("fetching the binding"));
        }
    }

    /// <summary>L82: delete until the broker says it is gone (200, 410, or an asynchronous delete that succeeded).</summary>
    private async Task OrphanMitigationAsync(RunningOperation running, BrokerConnection connection, CancellationToken cancellationToken)
    {
        var call = running.Binding is { } binding
            ? client.UnbindAsync(connection, running.Instance.Id, binding.Id, running.Plan, cancellationToken)
            : client.DeprovisionAsync(connection, running.Instance.Id, running.Plan, cancellationToken);
        var answer = BrokerAnswer.Of(await call);
        switch (answer.Answered ? answer.Status : 0)
        {
            case 200 or 410:
                logger.LogInformation("Orphan mitigation of operation {OperationId} confirmed by the broker", running.Operation.Id);
                running.End();
                break;
            case 202 when answer.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength):
                running.StartPolling(answer);
                break;
            default:
                running.RetryLater(answer, answer.Explain("the orphan mitigation delete"));
                break;
        }
    }

    private async Task PollOrphanMitigationAsync(RunningOperation running, BrokerConnection connection, CancellationToken cancellationToken)
    {
        var answer = BrokerAnswer.Of(await PollCallAsync(running, connection, cancellationToken));
        var state = answer.Answered && answer.Status == 200 ? answer.PollState : null;
        if ((answer.Answered && answer.Status == 410) || state == "succeeded")
        {
            running.End();
        }
        else if (state == "failed")
        {
            running.Operation.RetryOrphanMitigation(timing.NextRetry(running.Operation.Attempts, running.Now), answer.Explain("the orphan mitigation delete"), running.Now);
        }
        else
        {
            running.PollAgain(answer, state is null ? answer.Explain("the orphan mitigation poll") : null);
        }
    }

    private static string VerbOf(OperationType type) => type switch
    {
        OperationType.Create => "the provision",
        OperationType.Update => "the update",
        OperationType.Delete => "the deprovision",
        OperationType.Bind => "the bind",
        _ => "the unbind",
    };
}

using Marketplace.Domain.Osb;
using static Marketplace.Domain.ServiceInstances.StepOutcome;

namespace Marketplace.Domain.ServiceInstances;

/// <summary>Where an operation stands when a step's answer is judged.</summary>
public sealed record StepSituation(
    OperationType Type,
    OperationStep Step,
    DateTimeOffset Now,
    DateTimeOffset StartedAt,
    DateTimeOffset Deadline,
    int Attempts,
    bool BindingsRetrievable)
{
    public bool PastDeadline => Now >= Deadline;

    public bool IsOrphanMitigation => Step is OperationStep.OrphanMitigation or OperationStep.OrphanMitigationPolling;

    /// <summary>Provisions and binds may leave something at the broker when they fail; they are orphan-mitigated (L83, L84).</summary>
    public bool CreatesSomething => Type is OperationType.Create or OperationType.Bind;

    public bool Deletes => Type is OperationType.Delete or OperationType.Unbind;
}

/// <summary>
/// The one answer policy: (operation type × step × broker answer) → outcome — the next step and when, the final
/// state, orphan mitigation, and the reason users read. Pure: no I/O, no clock but <see cref="StepSituation.Now"/>.
/// It follows OSB 2.17 and the platform checklist, sections D–L and its status matrix (rows cited inline).
/// </summary>
public static class OperationPolicy
{
    public static StepOutcome Decide(StepSituation situation, OsbAnswer answer, OperationSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(schedule);
        var outcome = situation.Step switch
        {
            OperationStep.Request => situation.Type switch
            {
                OperationType.Create or OperationType.Bind => OnCreate(situation, answer, schedule),
                OperationType.Update => OnUpdate(situation, answer, schedule),
                _ => OnDelete(situation, answer, schedule),
            },
            OperationStep.Polling => OnPoll(situation, answer, schedule),
            OperationStep.FetchingBinding => OnFetchBinding(situation, answer, schedule),
            OperationStep.OrphanMitigation => OnOrphanMitigationDelete(situation, answer, schedule),
            OperationStep.OrphanMitigationPolling => OnOrphanMitigationPoll(situation, answer, schedule),
            _ => throw new InvalidOperationException($"The step {situation.Step} makes no broker call."),
        };
        return outcome with { RequestId = answer.RequestId.Length > 0 ? answer.RequestId : null };
    }

    /// <summary>
    /// The step could not call the broker: the connection stayed unavailable until the deadline, its credentials cannot
    /// be read, or the marketplace failed to run the step too often. Creates and binds are orphan-mitigated (L83: a
    /// platform error while creating); orphan mitigation itself never gives up — it only shows as stuck (X4).
    /// </summary>
    public static StepOutcome GiveUp(StepSituation situation, string reason, string code, OperationSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(schedule);
        return situation.IsOrphanMitigation
            ? new Continues(situation.Step, schedule.NextRetry(situation.Attempts, situation.Now), reason, null)
            : new Failed(reason, code, OrphanMitigation: situation.CreatesSomething);
    }

    /// <summary>
    /// The connection is degraded (its circuit is open): an operation waits for the broker — a degraded connection
    /// alone never fails it — but its deadline still wins. Null means "wait"; otherwise the outcome at the deadline.
    /// </summary>
    public static StepOutcome? WhileBrokerUnavailable(StepSituation situation, OperationSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(schedule);
        return situation.PastDeadline && !situation.IsOrphanMitigation
            ? new Failed(
                $"The broker did not answer until the deadline (its connection kept failing), so {Verb(situation.Type)} was given up.",
                "broker_unavailable", OrphanMitigation: situation.CreatesSomething)
            : null;
    }

    /// <summary>H60: a recursive delete deprovisions once every binding is gone; a binding whose unbind failed keeps the instance.</summary>
    public static StepOutcome AwaitUnbinds(StepSituation situation, int remaining, string? failedUnbind, OperationSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(schedule);
        if (remaining == 0)
        {
            return new Continues(OperationStep.Request, situation.Now, null, null);
        }

        if (failedUnbind is not null)
        {
            return new Failed(failedUnbind, "binding_not_deleted", OrphanMitigation: false);
        }

        return situation.PastDeadline
            ? new Failed($"{remaining} binding(s) were still being deleted at the deadline, so the instance was kept.", "deadline_exceeded", false)
            : new Continues(OperationStep.AwaitingUnbinds, NotAfterDeadline(situation, schedule.NextPoll(situation.StartedAt, situation.Now, null)), null,
                $"Deleting {remaining} binding(s) first.");
    }

    /// <summary>PUT instance or binding: E43–E47, I69–I74, L83–L86 and the matrix rows "PUT instance", "PUT binding".</summary>
    private static StepOutcome OnCreate(StepSituation s, OsbAnswer answer, OperationSchedule schedule)
    {
        var verb = Verb(s.Type);
        return answer switch
        {
            OsbAnswer.Done done => new Succeeded(done.Body, done.Body.Description),
            OsbAnswer.Accepted accepted => Polls(s, accepted, schedule, s.Type == OperationType.Create ? accepted.Body.Text("dashboard_url") : null),
            OsbAnswer.Malformed { Status: 200 } => Fail(s, verb, answer, orphanMitigation: false), // L86: any 200 is just a failure
            OsbAnswer.Malformed => Fail(s, verb, answer, orphanMitigation: true), // L83: a malformed 201 or 202
            OsbAnswer.NoAnswer none => Fail(s, verb, answer, orphanMitigation: none.MayHaveReachedBroker), // L83: a timeout; TLS and policy refusals sent nothing
            OsbAnswer.ConcurrencyError when !s.PastDeadline => RetryLater(s, verb, answer, schedule), // N95: never orphan mitigation
            OsbAnswer.MaintenanceInfoConflict => RefreshCatalogAndFail(s, verb, answer), // N96
            OsbAnswer.ServerError or OsbAnswer.UnexpectedStatus or OsbAnswer.Redirect => Fail(s, verb, answer, orphanMitigation: true), // L83: 5xx, other 2xx
            _ => Fail(s, verb, answer, orphanMitigation: false), // L86: 4xx (400, 404, 409, 410, 422 …), ConcurrencyError at the deadline
        };
    }

    /// <summary>PATCH instance: G56–G58 and the matrix row "PATCH instance" — never orphan mitigation (L86).</summary>
    private static StepOutcome OnUpdate(StepSituation s, OsbAnswer answer, OperationSchedule schedule)
    {
        var verb = Verb(s.Type);
        return answer switch
        {
            OsbAnswer.Done done => new Succeeded(done.Body, done.Body.Description),
            OsbAnswer.Accepted accepted => Polls(s, accepted, schedule, accepted.Body.Text("dashboard_url")),
            OsbAnswer.ConcurrencyError when !s.PastDeadline => RetryLater(s, verb, answer, schedule),
            OsbAnswer.MaintenanceInfoConflict => RefreshCatalogAndFail(s, verb, answer),
            _ => Fail(s, verb, answer, orphanMitigation: false),
        };
    }

    /// <summary>
    /// DELETE instance or binding: H62–H64, K79–K80, L85 and the matrix rows "DELETE": gone is success; a 4xx fails and
    /// keeps the resource; 5xx, other 2xx and no answer are retried until the deadline.
    /// </summary>
    private static StepOutcome OnDelete(StepSituation s, OsbAnswer answer, OperationSchedule schedule)
    {
        var verb = Verb(s.Type);
        return answer switch
        {
            OsbAnswer.Done or OsbAnswer.Gone => new Succeeded(null, null),
            OsbAnswer.Accepted accepted => Polls(s, accepted, schedule, null),
            OsbAnswer.ConcurrencyError => RetryOrGiveUp(s, verb, answer, schedule),
            OsbAnswer.ServerError or OsbAnswer.UnexpectedStatus or OsbAnswer.Redirect or OsbAnswer.Malformed or OsbAnswer.NoAnswer =>
                RetryOrGiveUp(s, verb, answer, schedule),
            _ => Fail(s, verb, answer, orphanMitigation: false), // 400, 404, 409, 422 …: the broker keeps it, so do we
        };
    }

    /// <summary>GET last_operation: D31–D40 and the matrix row "GET last_operation".</summary>
    private static StepOutcome OnPoll(StepSituation s, OsbAnswer answer, OperationSchedule schedule)
    {
        var verb = Verb(s.Type);
        switch (answer)
        {
            case OsbAnswer.Gone when s.Deletes:
                return new Succeeded(null, null); // D35
            case OsbAnswer.LastOperation { State: PollState.Succeeded } when s.Type == OperationType.Bind:
                return s.BindingsRetrievable
                    ? new Continues(OperationStep.FetchingBinding, s.Now, null, "The broker created the binding; fetching its credentials.")
                    : new Failed(
                        "The broker created the binding asynchronously but does not let platforms fetch bindings (bindings_retrievable is false), so its credentials cannot be read.",
                        "bindings_not_retrievable", OrphanMitigation: true);
            case OsbAnswer.LastOperation { State: PollState.Succeeded } done:
                return new Succeeded(null, done.Description);
            case OsbAnswer.LastOperation { State: PollState.Failed } failed:
                // L83/L84: a failed create or bind may have left something behind; failed updates and deletes keep the resource.
                return new Failed(
                    failed.Description ?? $"The broker reports that {verb} failed.", "failed", s.CreatesSomething,
                    failed.InstanceUsable, failed.UpdateRepeatable);
            case OsbAnswer.LastOperation inProgress when !s.PastDeadline:
                return new Continues(OperationStep.Polling, NextPoll(s, answer, schedule), null, inProgress.Description);
            case OsbAnswer.LastOperation inProgress:
                // D38, checklist P9: the deadline makes it failed, with orphan mitigation for creates and binds.
                return new Failed(
                    $"The broker did not finish {verb} within the maximum polling duration. {inProgress.Description}".TrimEnd(),
                    "deadline_exceeded", s.CreatesSomething);
            default:
                // D37: keep polling through anything else until a valid answer or the deadline; say what was wrong (checklist P4).
                var problem = Explain("the poll", answer);
                return s.PastDeadline
                    ? new Failed($"The broker did not finish {verb} within the maximum polling duration. {problem}", "deadline_exceeded", s.CreatesSomething)
                    : new Continues(OperationStep.Polling, NextPoll(s, answer, schedule), problem, $"Still waiting for the broker. Last poll: {problem}");
        }
    }

    /// <summary>I71, J77: after an asynchronous bind the credentials come from GET binding; 404 means not visible yet.</summary>
    private static StepOutcome OnFetchBinding(StepSituation s, OsbAnswer answer, OperationSchedule schedule)
    {
        if (answer is OsbAnswer.Done done && done.Body.Has("credentials"))
        {
            return new Succeeded(done.Body, null); // J77: an asynchronously created binding must come with its credentials
        }

        var problem = answer is OsbAnswer.Done
            ? "The broker answered fetching the binding without credentials."
            : Explain("fetching the binding", answer);
        return s.PastDeadline
            ? new Failed($"The broker's binding could not be fetched before the deadline. {problem}", "deadline_exceeded", OrphanMitigation: true)
            : new Continues(OperationStep.FetchingBinding, NextPoll(s, answer, schedule), problem, $"Still waiting for the broker. Last try: {problem}");
    }

    /// <summary>L82: delete until the broker says it is gone (200, 410, or an asynchronous delete that succeeded); no deadline ends it.</summary>
    private static StepOutcome OnOrphanMitigationDelete(StepSituation s, OsbAnswer answer, OperationSchedule schedule) => answer switch
    {
        OsbAnswer.Done or OsbAnswer.Gone => new Cleaned(),
        OsbAnswer.Accepted accepted => new Polls(accepted.Operation, schedule.NextPoll(s.Now, s.Now, answer.RetryAfter), null, null),
        _ => new Continues(OperationStep.OrphanMitigation, schedule.NextRetry(s.Attempts, s.Now, answer.RetryAfter),
            Explain("the orphan mitigation delete", answer), null),
    };

    private static StepOutcome OnOrphanMitigationPoll(StepSituation s, OsbAnswer answer, OperationSchedule schedule) => answer switch
    {
        OsbAnswer.Gone or OsbAnswer.LastOperation { State: PollState.Succeeded } => new Cleaned(),
        OsbAnswer.LastOperation { State: PollState.Failed } => new Continues(
            OperationStep.OrphanMitigation, schedule.NextRetry(s.Attempts, s.Now), Explain("the orphan mitigation delete", answer), null),
        OsbAnswer.LastOperation => new Continues(OperationStep.OrphanMitigationPolling, schedule.NextPoll(s.StartedAt, s.Now, answer.RetryAfter), null, null),
        _ => new Continues(OperationStep.OrphanMitigationPolling, schedule.NextPoll(s.StartedAt, s.Now, answer.RetryAfter),
            Explain("the orphan mitigation poll", answer), null),
    };

    private static Polls Polls(StepSituation s, OsbAnswer.Accepted accepted, OperationSchedule schedule, string? dashboardUrl) =>
        new(accepted.Operation, NotAfterDeadline(s, schedule.NextPoll(s.Now, s.Now, accepted.RetryAfter)), accepted.Body.Text("description"), dashboardUrl);

    private static Continues RetryLater(StepSituation s, string verb, OsbAnswer answer, OperationSchedule schedule)
    {
        var problem = Explain(verb, answer);
        return new Continues(s.Step, NotAfterDeadline(s, schedule.NextRetry(s.Attempts, s.Now, answer.RetryAfter)), problem,
            $"The marketplace will retry. {problem}");
    }

    private static StepOutcome RetryOrGiveUp(StepSituation s, string verb, OsbAnswer answer, OperationSchedule schedule) =>
        s.PastDeadline ? Fail(s, verb, answer, orphanMitigation: false) : RetryLater(s, verb, answer, schedule);

    private static Failed RefreshCatalogAndFail(StepSituation s, string verb, OsbAnswer answer) =>
        new($"{Explain(verb, answer)} The marketplace refreshes the catalog; try again afterwards.", CodeOf(answer), OrphanMitigation: false,
            RefreshCatalog: true);

    private static Failed Fail(StepSituation s, string verb, OsbAnswer answer, bool orphanMitigation)
    {
        var error = (answer as OsbAnswer.Refusal)?.Error ?? (answer as OsbAnswer.Gone)?.Error;
        return new Failed(Explain(verb, answer), CodeOf(answer), orphanMitigation && s.CreatesSomething, error?.InstanceUsable, error?.UpdateRepeatable);
    }

    /// <summary>The next poll, never after the deadline: the last attempt happens at it (D38).</summary>
    private static DateTimeOffset NextPoll(StepSituation s, OsbAnswer answer, OperationSchedule schedule) =>
        NotAfterDeadline(s, schedule.NextPoll(s.StartedAt, s.Now, answer.RetryAfter));

    private static DateTimeOffset NotAfterDeadline(StepSituation s, DateTimeOffset at) => at <= s.Deadline ? at : s.Deadline;

    /// <summary>What happened, for <c>lastOperation.description</c>: the broker's own words when it gave some.</summary>
    public static string Explain(string call, OsbAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = answer is OsbAnswer.NoAnswer none ? none.Reason : $"The broker answered {call} with {answer.Describe()}";
        return text.EndsWith('.') || text.EndsWith('!') || text.EndsWith('?') ? text : text + ".";
    }

    /// <summary>The broker's OSB error code, or ours for what it did not say in one.</summary>
    public static string? CodeOf(OsbAnswer answer) => answer switch
    {
        OsbAnswer.NoAnswer { Kind: NoAnswerKind.Timeout } => "timeout",
        OsbAnswer.NoAnswer { Kind: NoAnswerKind.TlsInvalid } => "tls_invalid",
        OsbAnswer.NoAnswer { Kind: NoAnswerKind.EndpointForbidden } => "endpoint_forbidden",
        OsbAnswer.NoAnswer => "unreachable",
        OsbAnswer.Malformed => "malformed",
        OsbAnswer.Refusal refusal => refusal.Error.Code ?? $"http_{refusal.Status}",
        OsbAnswer.Gone gone => gone.Error.Code ?? "http_410",
        _ => null,
    };

    public static string Verb(OperationType type) => type switch
    {
        OperationType.Create => "the provision",
        OperationType.Update => "the update",
        OperationType.Delete => "the deprovision",
        OperationType.Bind => "the bind",
        _ => "the unbind",
    };
}

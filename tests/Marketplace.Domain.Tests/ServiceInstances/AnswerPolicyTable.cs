using Marketplace.Domain.Osb;
using Marketplace.Domain.ServiceInstances;
using Shouldly;
using static Marketplace.Domain.ServiceInstances.StepOutcome;

namespace Marketplace.Domain.Tests.ServiceInstances;

/// <summary>
/// The answer policy, row by row: every cell of the checklist's status matrix ("Quick matrix for fake-broker tests")
/// and every rule of section L (orphan mitigation), as (operation type × step × HTTP status × body) → outcome. Each
/// answer is read from a raw status and body by <see cref="OsbAnswerReader"/>, exactly as the broker client does,
/// then judged by <see cref="OperationPolicy"/>.
/// </summary>
public sealed class AnswerPolicyTable
{
    private static readonly DateTimeOffset Started = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Started.AddSeconds(30);
    private static readonly DateTimeOffset Deadline = Started.AddMinutes(10);
    private static readonly OperationSchedule Schedule = OperationSchedule.Default;

    /// <summary>What the row expects of the outcome.</summary>
    public enum Expect
    {
        /// <summary>The operation succeeded (a delete: the resource is gone).</summary>
        Succeeds,

        /// <summary>Failed; the resource stays as the broker left it, nothing more is sent.</summary>
        Fails,

        /// <summary>Failed, and the marketplace deletes at the broker what may have been created (L83, L84).</summary>
        FailsWithOrphanMitigation,

        /// <summary>Failed, and the catalog is refreshed (N96).</summary>
        FailsAndRefreshesCatalog,

        /// <summary>Accepted: polling starts (with the broker's operation token).</summary>
        StartsPolling,

        /// <summary>The same step runs again later (a retry, a poll through an invalid answer).</summary>
        TriesAgain,

        /// <summary>After an asynchronous bind: GET the binding for its credentials (I71).</summary>
        FetchesBinding,

        /// <summary>Orphan mitigation confirmed: the operation ends.</summary>
        Cleaned,

        /// <summary>The orphan mitigation's asynchronous delete failed: delete again.</summary>
        DeletesAgain,
    }

    public sealed record Row(
        string Cell, OperationType Type, OperationStep Step, OsbCall Call, int? Status, string? Body, Expect Expected,
        bool PastDeadline = false, NoAnswerKind? NoAnswer = null, bool BindingsRetrievable = true)
    {
        public override string ToString() => $"{Cell}: {Type}/{Step} {(Status is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : NoAnswer.ToString())} {Body} → {Expected}";
    }

    private const string Empty = "{}";
    private const string NotJson = "<html>oops</html>";
    private const string Accepted = """{"operation":"op-1"}""";
    private const string Credentials = """{"credentials":{"user":"u"}}""";

    private static string Error(string code) => $$"""{"error":"{{code}}","description":"broker says no"}""";

    private static string Poll(string state) => $$"""{"state":"{{state}}","description":"from the broker"}""";

    private static IEnumerable<Row> PutRows(OperationType type, OsbCall call) =>
    [
        new($"PUT {call} 200", type, OperationStep.Request, call, 200, Empty, Expect.Succeeds),
        new($"PUT {call} 201", type, OperationStep.Request, call, 201, Empty, Expect.Succeeds),
        new($"PUT {call} 202", type, OperationStep.Request, call, 202, Accepted, Expect.StartsPolling),
        new($"PUT {call} 400", type, OperationStep.Request, call, 400, Error("BadRequest"), Expect.Fails),
        new($"PUT {call} 404", type, OperationStep.Request, call, 404, Empty, Expect.Fails),
        new($"PUT {call} 409", type, OperationStep.Request, call, 409, Empty, Expect.Fails),
        new($"PUT {call} 410", type, OperationStep.Request, call, 410, Empty, Expect.Fails),
        new($"PUT {call} 408 (L86)", type, OperationStep.Request, call, 408, Empty, Expect.Fails),
        new($"PUT {call} 422 other code", type, OperationStep.Request, call, 422, Error("RequiresApp"), Expect.Fails),
        new($"PUT {call} 422 ConcurrencyError (L86: never OM)", type, OperationStep.Request, call, 422, Error("ConcurrencyError"), Expect.TriesAgain),
        new($"PUT {call} 422 ConcurrencyError at the deadline", type, OperationStep.Request, call, 422, Error("ConcurrencyError"), Expect.Fails, PastDeadline: true),
        new($"PUT {call} 422 MaintenanceInfoConflict", type, OperationStep.Request, call, 422, Error("MaintenanceInfoConflict"), Expect.FailsAndRefreshesCatalog),
        new($"PUT {call} 422 AsyncRequired", type, OperationStep.Request, call, 422, Error("AsyncRequired"), Expect.Fails),
        new($"PUT {call} 500 (L83)", type, OperationStep.Request, call, 500, Empty, Expect.FailsWithOrphanMitigation),
        new($"PUT {call} 503 (L83)", type, OperationStep.Request, call, 503, NotJson, Expect.FailsWithOrphanMitigation),
        new($"PUT {call} other 2xx 204 (L83)", type, OperationStep.Request, call, 204, null, Expect.FailsWithOrphanMitigation),
        new($"PUT {call} 3xx", type, OperationStep.Request, call, 302, null, Expect.FailsWithOrphanMitigation),
        new($"PUT {call} 200 malformed (L86: any 200 is just a failure)", type, OperationStep.Request, call, 200, NotJson, Expect.Fails),
        new($"PUT {call} 201 malformed (L83)", type, OperationStep.Request, call, 201, NotJson, Expect.FailsWithOrphanMitigation),
        new($"PUT {call} 202 malformed (L83)", type, OperationStep.Request, call, 202, """{"operation":42}""", Expect.FailsWithOrphanMitigation),
        new($"PUT {call} 202 not JSON (L83)", type, OperationStep.Request, call, 202, NotJson, Expect.FailsWithOrphanMitigation),
        new($"PUT {call} timeout (L83)", type, OperationStep.Request, call, null, null, Expect.FailsWithOrphanMitigation, NoAnswer: NoAnswerKind.Timeout),
        new($"PUT {call} connection lost", type, OperationStep.Request, call, null, null, Expect.FailsWithOrphanMitigation, NoAnswer: NoAnswerKind.Unreachable),
        new($"PUT {call} TLS refused (nothing sent)", type, OperationStep.Request, call, null, null, Expect.Fails, NoAnswer: NoAnswerKind.TlsInvalid),
        new($"PUT {call} endpoint forbidden (nothing sent)", type, OperationStep.Request, call, null, null, Expect.Fails, NoAnswer: NoAnswerKind.EndpointForbidden),
    ];

    private static IEnumerable<Row> DeleteRows(OperationType type, OsbCall call) =>
    [
        new($"DELETE {call} 200 gone", type, OperationStep.Request, call, 200, Empty, Expect.Succeeds),
        new($"DELETE {call} 200 malformed is still gone", type, OperationStep.Request, call, 200, NotJson, Expect.Succeeds),
        new($"DELETE {call} 201 fail, keep, retry", type, OperationStep.Request, call, 201, Empty, Expect.TriesAgain),
        new($"DELETE {call} 202 poll", type, OperationStep.Request, call, 202, Accepted, Expect.StartsPolling),
        new($"DELETE {call} 400 fail, keep", type, OperationStep.Request, call, 400, Error("BadRequest"), Expect.Fails),
        new($"DELETE {call} 404 fail, keep", type, OperationStep.Request, call, 404, Empty, Expect.Fails),
        new($"DELETE {call} 409 fail, keep", type, OperationStep.Request, call, 409, Empty, Expect.Fails),
        new($"DELETE {call} 410 gone", type, OperationStep.Request, call, 410, Empty, Expect.Succeeds),
        new($"DELETE {call} 422 ConcurrencyError retries", type, OperationStep.Request, call, 422, Error("ConcurrencyError"), Expect.TriesAgain),
        new($"DELETE {call} 422 other code keeps", type, OperationStep.Request, call, 422, Error("AsyncRequired"), Expect.Fails),
        new($"DELETE {call} 500 retries (L85)", type, OperationStep.Request, call, 500, Empty, Expect.TriesAgain),
        new($"DELETE {call} other 2xx retries (L85)", type, OperationStep.Request, call, 204, null, Expect.TriesAgain),
        new($"DELETE {call} timeout retries (L86: no OM)", type, OperationStep.Request, call, null, null, Expect.TriesAgain, NoAnswer: NoAnswerKind.Timeout),
        new($"DELETE {call} 500 at the deadline fails, keeps", type, OperationStep.Request, call, 500, Empty, Expect.Fails, PastDeadline: true),
        new($"DELETE {call} timeout at the deadline fails, keeps", type, OperationStep.Request, call, null, null, Expect.Fails, PastDeadline: true, NoAnswer: NoAnswerKind.Timeout),
    ];

    private static IEnumerable<Row> PollRows(OperationType type, OsbCall call)
    {
        var deletes = type is OperationType.Delete or OperationType.Unbind;
        var creates = type is OperationType.Create or OperationType.Bind;
        var failed = creates ? Expect.FailsWithOrphanMitigation : Expect.Fails;
        return
        [
            new($"poll {type} 200 in progress", type, OperationStep.Polling, call, 200, Poll("in progress"), Expect.TriesAgain),
            new($"poll {type} 200 IN PROGRESS (read leniently)", type, OperationStep.Polling, call, 200, Poll(" In Progress "), Expect.TriesAgain),
            new($"poll {type} 200 succeeded", type, OperationStep.Polling, call, 200, Poll("succeeded"),
                type == OperationType.Bind ? Expect.FetchesBinding : Expect.Succeeds),
            new($"poll {type} 200 failed (OM for creates and binds)", type, OperationStep.Polling, call, 200, Poll("failed"), failed),
            new($"poll {type} 200 unknown state keeps polling", type, OperationStep.Polling, call, 200, Poll("done-ish"), Expect.TriesAgain),
            new($"poll {type} 200 not JSON keeps polling", type, OperationStep.Polling, call, 200, NotJson, Expect.TriesAgain),
            new($"poll {type} 201 invalid, keeps polling", type, OperationStep.Polling, call, 201, Poll("succeeded"), Expect.TriesAgain),
            new($"poll {type} 202 invalid, keeps polling", type, OperationStep.Polling, call, 202, Accepted, Expect.TriesAgain),
            new($"poll {type} 400 keeps polling", type, OperationStep.Polling, call, 400, Error("BadRequest"), Expect.TriesAgain),
            new($"poll {type} 404 keeps polling", type, OperationStep.Polling, call, 404, Empty, Expect.TriesAgain),
            new($"poll {type} 409 keeps polling", type, OperationStep.Polling, call, 409, Empty, Expect.TriesAgain),
            new($"poll {type} 410", type, OperationStep.Polling, call, 410, Empty, deletes ? Expect.Succeeds : Expect.TriesAgain),
            new($"poll {type} 422 keeps polling", type, OperationStep.Polling, call, 422, Error("ConcurrencyError"), Expect.TriesAgain),
            new($"poll {type} 500 keeps polling", type, OperationStep.Polling, call, 500, Empty, Expect.TriesAgain),
            new($"poll {type} timeout keeps polling (L86: no OM)", type, OperationStep.Polling, call, null, null, Expect.TriesAgain, NoAnswer: NoAnswerKind.Timeout),
            new($"poll {type} in progress at the deadline (L83)", type, OperationStep.Polling, call, 200, Poll("in progress"), failed, PastDeadline: true),
            new($"poll {type} 500 at the deadline (L83)", type, OperationStep.Polling, call, 500, Empty, failed, PastDeadline: true),
        ];
    }

    public static TheoryData<Row> Rows()
    {
        var rows = new TheoryData<Row>();
        foreach (var row in PutRows(OperationType.Create, OsbCall.Provision)
            .Concat(PutRows(OperationType.Bind, OsbCall.Bind))
            .Concat(DeleteRows(OperationType.Delete, OsbCall.Deprovision))
            .Concat(DeleteRows(OperationType.Unbind, OsbCall.Unbind))
            .Concat(PollRows(OperationType.Create, OsbCall.PollInstance))
            .Concat(PollRows(OperationType.Update, OsbCall.PollInstance))
            .Concat(PollRows(OperationType.Delete, OsbCall.PollInstance))
            .Concat(PollRows(OperationType.Bind, OsbCall.PollBinding))
            .Concat(PollRows(OperationType.Unbind, OsbCall.PollBinding)))
        {
            rows.Add(row);
        }

        // PATCH instance: never orphan mitigation (L86), whatever failed.
        Row[] patch =
        [
            new("PATCH 200", OperationType.Update, OperationStep.Request, OsbCall.Update, 200, Empty, Expect.Succeeds),
            new("PATCH 200 malformed (L86)", OperationType.Update, OperationStep.Request, OsbCall.Update, 200, NotJson, Expect.Fails),
            new("PATCH 201 fails", OperationType.Update, OperationStep.Request, OsbCall.Update, 201, Empty, Expect.Fails),
            new("PATCH 202", OperationType.Update, OperationStep.Request, OsbCall.Update, 202, Accepted, Expect.StartsPolling),
            new("PATCH 202 malformed", OperationType.Update, OperationStep.Request, OsbCall.Update, 202, NotJson, Expect.Fails),
            new("PATCH 400", OperationType.Update, OperationStep.Request, OsbCall.Update, 400, Error("BadRequest"), Expect.Fails),
            new("PATCH 404", OperationType.Update, OperationStep.Request, OsbCall.Update, 404, Empty, Expect.Fails),
            new("PATCH 409", OperationType.Update, OperationStep.Request, OsbCall.Update, 409, Empty, Expect.Fails),
            new("PATCH 410", OperationType.Update, OperationStep.Request, OsbCall.Update, 410, Empty, Expect.Fails),
            new("PATCH 422 ConcurrencyError", OperationType.Update, OperationStep.Request, OsbCall.Update, 422, Error("ConcurrencyError"), Expect.TriesAgain),
            new("PATCH 422 MaintenanceInfoConflict", OperationType.Update, OperationStep.Request, OsbCall.Update, 422, Error("MaintenanceInfoConflict"), Expect.FailsAndRefreshesCatalog),
            new("PATCH 500 (L86: no OM)", OperationType.Update, OperationStep.Request, OsbCall.Update, 500, Empty, Expect.Fails),
            new("PATCH other 2xx (L86: no OM)", OperationType.Update, OperationStep.Request, OsbCall.Update, 204, null, Expect.Fails),
            new("PATCH timeout (L86: no OM)", OperationType.Update, OperationStep.Request, OsbCall.Update, null, null, Expect.Fails, NoAnswer: NoAnswerKind.Timeout),

            // GET binding after an asynchronous bind (I71, J77): 404 = not visible yet.
            new("fetch binding 200 with credentials", OperationType.Bind, OperationStep.FetchingBinding, OsbCall.FetchBinding, 200, Credentials, Expect.Succeeds),
            new("fetch binding 200 without credentials (J77)", OperationType.Bind, OperationStep.FetchingBinding, OsbCall.FetchBinding, 200, Empty, Expect.TriesAgain),
            new("fetch binding 404 still creating", OperationType.Bind, OperationStep.FetchingBinding, OsbCall.FetchBinding, 404, Empty, Expect.TriesAgain),
            new("fetch binding 500", OperationType.Bind, OperationStep.FetchingBinding, OsbCall.FetchBinding, 500, Empty, Expect.TriesAgain),
            new("fetch binding at the deadline", OperationType.Bind, OperationStep.FetchingBinding, OsbCall.FetchBinding, 404, Empty, Expect.FailsWithOrphanMitigation, PastDeadline: true),
            new("poll bind succeeded, bindings not retrievable", OperationType.Bind, OperationStep.Polling, OsbCall.PollBinding, 200, Poll("succeeded"), Expect.FailsWithOrphanMitigation, BindingsRetrievable: false),

            // Orphan mitigation (L82): delete until the broker confirms; no deadline ends it.
            new("OM DELETE instance 200 (L82)", OperationType.Create, OperationStep.OrphanMitigation, OsbCall.Deprovision, 200, Empty, Expect.Cleaned),
            new("OM DELETE instance 410 (L82)", OperationType.Create, OperationStep.OrphanMitigation, OsbCall.Deprovision, 410, Empty, Expect.Cleaned),
            new("OM DELETE instance 202 (L82)", OperationType.Create, OperationStep.OrphanMitigation, OsbCall.Deprovision, 202, Accepted, Expect.StartsPolling),
            new("OM DELETE instance 500 retries (L87)", OperationType.Create, OperationStep.OrphanMitigation, OsbCall.Deprovision, 500, Empty, Expect.TriesAgain),
            new("OM DELETE instance 400 retries", OperationType.Create, OperationStep.OrphanMitigation, OsbCall.Deprovision, 400, Empty, Expect.TriesAgain),
            new("OM DELETE instance timeout past the deadline retries", OperationType.Create, OperationStep.OrphanMitigation, OsbCall.Deprovision, null, null, Expect.TriesAgain, PastDeadline: true, NoAnswer: NoAnswerKind.Timeout),
            new("OM DELETE binding 200 (L82)", OperationType.Bind, OperationStep.OrphanMitigation, OsbCall.Unbind, 200, Empty, Expect.Cleaned),
            new("OM DELETE binding 500 retries", OperationType.Bind, OperationStep.OrphanMitigation, OsbCall.Unbind, 500, Empty, Expect.TriesAgain),
            new("OM poll succeeded (L82: async success)", OperationType.Create, OperationStep.OrphanMitigationPolling, OsbCall.PollInstance, 200, Poll("succeeded"), Expect.Cleaned),
            new("OM poll 410", OperationType.Create, OperationStep.OrphanMitigationPolling, OsbCall.PollInstance, 410, Empty, Expect.Cleaned),
            new("OM poll failed deletes again", OperationType.Create, OperationStep.OrphanMitigationPolling, OsbCall.PollInstance, 200, Poll("failed"), Expect.DeletesAgain),
            new("OM poll in progress", OperationType.Create, OperationStep.OrphanMitigationPolling, OsbCall.PollInstance, 200, Poll("in progress"), Expect.TriesAgain),
            new("OM poll 500 keeps polling", OperationType.Bind, OperationStep.OrphanMitigationPolling, OsbCall.PollBinding, 500, Empty, Expect.TriesAgain, PastDeadline: true),
        ];
        foreach (var row in patch)
        {
            rows.Add(row);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    [Trait("Checklist", "L82")]
    [Trait("Checklist", "L83")]
    [Trait("Checklist", "L84")]
    [Trait("Checklist", "L85")]
    [Trait("Checklist", "L86")]
    [Trait("Checklist", "L87")]
    public void Each_cell_of_the_status_matrix_and_of_section_L_has_one_outcome(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var answer = row.NoAnswer is { } kind
            ? OsbAnswerReader.NoAnswer(kind, $"no answer ({kind})")
            : OsbAnswerReader.Read(row.Call, row.Status!.Value, row.Body, null, Now);
        var situation = new StepSituation(
            row.Type, row.Step, row.PastDeadline ? Deadline : Now, Started, Deadline, Attempts: 1, row.BindingsRetrievable);

        var outcome = OperationPolicy.Decide(situation, answer, Schedule);

        switch (row.Expected)
        {
            case Expect.Succeeds:
                outcome.ShouldBeOfType<Succeeded>();
                break;
            case Expect.Fails:
                outcome.ShouldBeOfType<Failed>().OrphanMitigation.ShouldBeFalse();
                ((Failed)outcome).RefreshCatalog.ShouldBeFalse();
                break;
            case Expect.FailsWithOrphanMitigation:
                outcome.ShouldBeOfType<Failed>().OrphanMitigation.ShouldBeTrue();
                break;
            case Expect.FailsAndRefreshesCatalog:
                var refreshed = outcome.ShouldBeOfType<Failed>();
                refreshed.RefreshCatalog.ShouldBeTrue();
                refreshed.OrphanMitigation.ShouldBeFalse();
                break;
            case Expect.StartsPolling:
                outcome.ShouldBeOfType<Polls>().OperationToken.ShouldBe("op-1");
                break;
            case Expect.TriesAgain:
                var again = outcome.ShouldBeOfType<Continues>();
                again.Step.ShouldBe(row.Step);
                again.At.ShouldBeGreaterThan(situation.Now);
                if (!situation.IsOrphanMitigation)
                {
                    again.At.ShouldBeLessThanOrEqualTo(Deadline, "no attempt is put off past the deadline (D38)");
                }

                break;
            case Expect.FetchesBinding:
                outcome.ShouldBeOfType<Continues>().Step.ShouldBe(OperationStep.FetchingBinding);
                break;
            case Expect.Cleaned:
                outcome.ShouldBeOfType<Cleaned>();
                break;
            case Expect.DeletesAgain:
                var deleteAgain = outcome.ShouldBeOfType<Continues>();
                deleteAgain.Step.ShouldBe(OperationStep.OrphanMitigation);
                deleteAgain.Problem.ShouldNotBeNull();
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_failure_says_why_in_words_and_in_a_code(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var answer = row.NoAnswer is { } kind
            ? OsbAnswerReader.NoAnswer(kind, $"no answer ({kind})") with { RequestId = "req-7" }
            : OsbAnswerReader.Read(row.Call, row.Status!.Value, row.Body, null, Now) with { RequestId = "req-7" };

        var outcome = OperationPolicy.Decide(
            new StepSituation(row.Type, row.Step, row.PastDeadline ? Deadline : Now, Started, Deadline, 1, row.BindingsRetrievable), answer, Schedule);

        outcome.RequestId.ShouldBe("req-7", "X8: the outcome carries the request identity of the call it answers");
        if (outcome is Failed failed)
        {
            failed.Reason.ShouldNotBeNullOrWhiteSpace();
            failed.Code.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void The_brokers_own_words_and_error_code_are_what_users_read()
    {
        var answer = OsbAnswerReader.Read(OsbCall.Provision, 400, """{"error":"QuotaExceeded","description":"No more databases in this org."}""", null, Now);

        var failed = OperationPolicy.Decide(Situation(OperationType.Create, OperationStep.Request), answer, Schedule).ShouldBeOfType<Failed>();

        failed.Reason.ShouldBe("The broker answered the provision with HTTP 400 (QuotaExceeded): No more databases in this org.");
        failed.Code.ShouldBe("QuotaExceeded");
    }

    [Fact]
    public void A_failed_update_carries_instance_usable_and_update_repeatable_from_the_broker()
    {
        var answer = OsbAnswerReader.Read(
            OsbCall.Update, 400, """{"error":"BadRequest","instance_usable":false,"update_repeatable":false}""", null, Now);

        var failed = OperationPolicy.Decide(Situation(OperationType.Update, OperationStep.Request), answer, Schedule).ShouldBeOfType<Failed>();

        failed.InstanceUsable.ShouldBe(false);
        failed.UpdateRepeatable.ShouldBe(false);
    }

    [Fact]
    public void A_retry_after_from_the_broker_sets_the_next_poll_but_never_past_the_deadline()
    {
        var soon = OsbAnswerReader.Read(OsbCall.PollInstance, 200, Poll("in progress"), "10", Now);
        var late = OsbAnswerReader.Read(OsbCall.PollInstance, 200, Poll("in progress"), "3600", Now);

        var nextSoon = OperationPolicy.Decide(Situation(OperationType.Create, OperationStep.Polling), soon, Schedule).ShouldBeOfType<Continues>();
        var nextLate = OperationPolicy.Decide(Situation(OperationType.Create, OperationStep.Polling), late, Schedule).ShouldBeOfType<Continues>();

        nextSoon.At.ShouldBe(Now.AddSeconds(10));
        nextLate.At.ShouldBe(Deadline);
    }

    [Fact]
    public void Giving_up_without_a_call_orphan_mitigates_creates_fails_the_rest_and_never_ends_orphan_mitigation()
    {
        OperationPolicy.GiveUp(Situation(OperationType.Create, OperationStep.Polling), "db down", "internal_error", Schedule)
            .ShouldBeOfType<Failed>().OrphanMitigation.ShouldBeTrue();
        OperationPolicy.GiveUp(Situation(OperationType.Update, OperationStep.Request), "db down", "internal_error", Schedule)
            .ShouldBeOfType<Failed>().OrphanMitigation.ShouldBeFalse();
        OperationPolicy.GiveUp(Situation(OperationType.Unbind, OperationStep.Polling), "db down", "internal_error", Schedule)
            .ShouldBeOfType<Failed>().Code.ShouldBe("internal_error");
        OperationPolicy.GiveUp(Situation(OperationType.Create, OperationStep.OrphanMitigation), "db down", "internal_error", Schedule)
            .ShouldBeOfType<Continues>().Step.ShouldBe(OperationStep.OrphanMitigation);
    }

    [Fact]
    public void A_recursive_delete_waits_for_its_unbinds_then_deletes_and_keeps_the_instance_when_one_failed()
    {
        var waiting = Situation(OperationType.Delete, OperationStep.AwaitingUnbinds);

        OperationPolicy.AwaitUnbinds(waiting, remaining: 2, failedUnbind: null, Schedule).ShouldBeOfType<Continues>().Step.ShouldBe(OperationStep.AwaitingUnbinds);
        OperationPolicy.AwaitUnbinds(waiting, remaining: 0, failedUnbind: null, Schedule).ShouldBeOfType<Continues>().Step.ShouldBe(OperationStep.Request);
        OperationPolicy.AwaitUnbinds(waiting, remaining: 1, failedUnbind: "The binding 'web' could not be deleted.", Schedule)
            .ShouldBeOfType<Failed>().OrphanMitigation.ShouldBeFalse();
        OperationPolicy.AwaitUnbinds(waiting with { Now = Deadline }, remaining: 1, failedUnbind: null, Schedule)
            .ShouldBeOfType<Failed>().Code.ShouldBe("deadline_exceeded");
    }

    private static StepSituation Situation(OperationType type, OperationStep step) => new(type, step, Now, Started, Deadline, 0, true);
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;
using Marketplace.FakeBroker;
using Marketplace.Infrastructure.Persistence;
using Marketplace.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// The fault matrix (issue "operation engine", done-when 2): every way a step can fail × every operation type. The
/// engine promises that each accepted operation is final — succeeded or failed — by its deadline (the plan's
/// <c>maximum_polling_duration</c>, here a few seconds) plus one dispatcher sweep, whatever the broker or the
/// marketplace itself does wrong; creates and binds that may have left something behind show <c>failed</c> while
/// orphan mitigation deletes at the broker in the background. Nothing may stay <c>creating</c>, <c>updating</c> or
/// <c>deleting</c>.
/// <para>
/// Every row gets its own fake broker, tenant and plan. All rows are prepared first (a delete, update, bind or unbind
/// needs a ready instance or binding); then their faults and operations start a moment apart and run concurrently, so
/// the whole matrix takes well under a minute and a half. A row's time is measured from its operation's acceptance (the
/// 202's <c>lastOperation.startedAt</c>, from which the deadline counts); a row breaks the promise when its resource is
/// still seen in progress after deadline + <see cref="SweepAllowance"/> (the deadline caps each broker call, but a call
/// started just before it may still take a second), ends otherwise than the row expects, leaves anything in progress,
/// or — for a create or bind that may have left something behind — sends no orphan mitigation.
/// </para>
/// <para>
/// Timing on a small shared machine: a processor starved by the matrix's own load or by other processes makes every
/// background step late, whatever the engine does. So the rows that break the promise are run once more, alone, with
/// fresh brokers; only a row that breaks it again fails the test, and the report names every row that failed the
/// first time. A lost claim, a retry scheduled past the deadline or an operation that never ends fails both times.
/// </para>
/// The process-kill rows live in <c>Sqlite/FaultMatrixProcessKillTests</c>: they need a process to kill.
/// </summary>
[Collection(FaultMatrix.Collection)]
public sealed class FaultMatrixTests(AppFixture app) : InstanceTest(app)
{
    /// <summary>The plan's <c>maximum_polling_duration</c> of most rows: the operation's deadline.</summary>
    private const int MaximumPollingSeconds = 3;

    /// <summary>
    /// The deadline of the rows whose saves fail three times: their retries back off (0.2, 0.4, 0.8 s after each failure,
    /// plus the steps themselves, slower on a busy machine), and these rows prove that a few failed saves only delay the
    /// operation — which must still succeed.
    /// </summary>
    private const int TransientDatabaseFaultMaximumPollingSeconds = 12;

    /// <summary>
    /// The deadline of the rows whose saves fail more often than <c>Operations:MaxStepFailures</c> allows: five failures and
    /// their backoff (0.2 + 0.4 + 0.8 + 1.6 + 3.2 s) take about 7 s, so the retry limit or the deadline ends them.
    /// </summary>
    private const int PersistentDatabaseFaultMaximumPollingSeconds = 8;

    /// <summary>
    /// Past the deadline: one dispatcher sweep (0.1 s), a broker call started just before the deadline (which the deadline
    /// cuts, but never below 1 s) and the save.
    /// </summary>
    private static readonly TimeSpan SweepAllowance = TimeSpan.FromSeconds(1.5);

    /// <summary>How often a row reads its resource while it waits, as a client would.</summary>
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a row keeps watching past deadline + allowance, to say where it was stuck.</summary>
    private static readonly TimeSpan WatchBeyond = TimeSpan.FromSeconds(3);

    /// <summary>Bounds the preparation of a row (the instance and binding a delete, update, bind or unbind needs).</summary>
    private static readonly TimeSpan PreparationWait = TimeSpan.FromSeconds(30);

    /// <summary>Rows prepared at once (tenant, broker, instance, binding): enough to keep the matrix short, few enough for two cores.</summary>
    private const int PreparationsAtOnce = 6;

    /// <summary>
    /// Between the starts of two rows' operations once all are prepared, so that about fifteen operations run at a time
    /// rather than all of them at once, and each row's time measures the engine rather than the test's own load.
    /// </summary>
    private static readonly TimeSpan StartEvery = TimeSpan.FromMilliseconds(300);

    /// <summary>Between the starts of the rows run again alone.</summary>
    private static readonly TimeSpan RerunStartEvery = TimeSpan.FromMilliseconds(750);

    /// <summary>The ways a step can fail.</summary>
    public enum Fault
    {
        /// <summary>The broker never answers anything (request timeout left at 60 s: the deadline cuts the call).</summary>
        Hangs,

        /// <summary>Every answer comes after 3 s; the request timeout is 1 s.</summary>
        AnswersSlowerThanTheTimeout,

        /// <summary>The status line and headers come at once, the body one byte per 100 ms, past the 1 s timeout.</summary>
        DripsItsBody,

        /// <summary>A 200 whose body is JSON but not an object.</summary>
        Malformed200,

        /// <summary>A 201 with a duplicate key (provision) or credentials that are no object (bind); "other 2xx" otherwise.</summary>
        Malformed201,

        /// <summary>A 202 whose <c>operation</c> is not a string.</summary>
        OperationNotAString202,

        /// <summary>A body that is not JSON at all, with the status that would otherwise succeed.</summary>
        NotJson,

        /// <summary>500 on every call, polls and orphan mitigation included.</summary>
        Status500OnEveryCall,

        /// <summary>The broker is stopped: connections are refused.</summary>
        RefusesConnections,

        /// <summary>A 202, then <c>in progress</c> on every poll.</summary>
        InProgressForever,

        /// <summary>A 202, then polls answered with garbage (not JSON, no object, unknown or mistyped states).</summary>
        PollsAnsweredWithGarbage,

        /// <summary>A 202, then polls answered 500.</summary>
        PollsAnswered500,

        /// <summary>The broker's stored password no longer decrypts (as after a lost key ring).</summary>
        CredentialsNoLongerDecrypt,

        /// <summary>The step's save fails three times (fewer than <c>Operations:MaxStepFailures</c>), then goes through.</summary>
        DatabaseFailsThreeSaves,

        /// <summary>
        /// The step's save fails six times: more than <c>Operations:MaxStepFailures</c> (5) allows, so the operation gives up
        /// (at the retry limit or its deadline, whichever comes first); the last failures hit the give-up's own save.
        /// </summary>
        DatabaseFailsPastTheRetryLimit,
    }

    public enum Operation
    {
        Create,
        Update,
        Delete,
        Bind,
        Unbind,
    }

    [Fact]
    [Trait("Checklist", "D37")]
    [Trait("Checklist", "D38")]
    [Trait("Checklist", "L83")]
    [Trait("Checklist", "L84")]
    [Trait("Checklist", "L85")]
    [Trait("Checklist", "N92")]
    [Trait("Checklist", "N93")]
    public async Task Every_operation_is_final_by_its_deadline_plus_one_sweep_whatever_fails_in_its_steps()
    {
        // The rows with longer deadlines start first, so the matrix ends about when the last short row does.
        var rows = (from operation in Enum.GetValues<Operation>() from fault in Enum.GetValues<Fault>() select new Row(fault, operation))
            .OrderByDescending(r => r.DeadlineSeconds).ToList();
        var report = new StringBuilder();

        var first = await RunRowsAsync(rows, StartEvery, "Fault matrix", report);
        var late = first.Where(r => r.Problem is not null).Select(r => r.Row).ToList();
        var again = late.Count == 0 ? [] : await RunRowsAsync(late, RerunStartEvery, "Rows that broke the promise, run again alone", report);

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        var failing = again.Where(r => r.Problem is not null).ToList();
        failing.ShouldBeEmpty(
            $"{failing.Count} of {rows.Count} rows broke the promise, also when run again alone:\n"
            + string.Join('\n', failing.Select(f => $"  {f.Row}: {f.Problem}\n    the first time: {first.Single(r => r.Row == f.Row).Problem}"))
            + "\n" + report);
    }

    /// <summary>
    /// The database faults the matrix arms reach the app's own contexts (the interceptor is registered in its services),
    /// refuse only what their predicate matches, only as often as armed, and nothing once disarmed: a save fault fails a
    /// request's save, a command fault fails a query before it reaches the database.
    /// </summary>
    [Fact]
    public async Task The_database_faults_refuse_only_what_they_match_and_only_as_often_as_armed()
    {
        var tenant = await CreateTenantAsync();
        var other = await CreateTenantAsync();
        var customerUrl = $"/api/customers/{tenant.CustomerId}";
        using (var renames = App.DatabaseFaults.Arm(
            "renames of one customer",
            context => context.ChangeTracker.Entries<Customer>().Any(e => e.Entity.Id == tenant.CustomerId && e.State == EntityState.Modified),
            1))
        {
            using var refused = await PatchAsync(tenant.CustomerAdmin, customerUrl, new { name = "Refused" });
            refused.StatusCode.ShouldBe(HttpStatusCode.InternalServerError, await refused.Content.ReadAsStringAsync());
            await Expect(await PatchAsync(other.CustomerAdmin, $"/api/customers/{other.CustomerId}", new { name = "Another customer" }), HttpStatusCode.OK);
            (await Expect(await PatchAsync(tenant.CustomerAdmin, customerUrl, new { name = "Renamed" }), HttpStatusCode.OK))["name"]!
                .GetValue<string>().ShouldBe("Renamed");
            renames.Thrown.ShouldBe(1);
        }

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var reads = App.DatabaseFaults.ArmCommands("reads of one customer", command => HasParameter(command, tenant.CustomerId), 2);
        using (reads)
        {
            await Should.ThrowAsync<DbException>(() => db.Customers.AnyAsync(c => c.Id == tenant.CustomerId));
            (await db.Customers.AnyAsync(c => c.Id == other.CustomerId)).ShouldBeTrue("another customer's rows are not matched");
            await Should.ThrowAsync<DbException>(() => db.Customers.AnyAsync(c => c.Id == tenant.CustomerId));
            (await db.Customers.AnyAsync(c => c.Id == tenant.CustomerId)).ShouldBeTrue("armed twice, the third read goes through");
            reads.Thrown.ShouldBe(2);
        }

        using var disarmed = App.DatabaseFaults.ArmCommands("disarmed at once", command => HasParameter(command, other.CustomerId), 1);
        disarmed.Dispose();
        (await db.Customers.AnyAsync(c => c.Id == other.CustomerId)).ShouldBeTrue("a disarmed fault refuses nothing");
        disarmed.Thrown.ShouldBe(0);
    }

    private static bool HasParameter(DbCommand command, Guid value) =>
        command.Parameters.Cast<DbParameter>().Any(p => p.Value is Guid guid ? guid == value : p.Value is string text && Guid.TryParse(text, out var parsed) && parsed == value);

    /// <summary>Prepares the rows, then starts them <paramref name="startEvery"/> apart, and reports how each ended.</summary>
    private async Task<RowResult[]> RunRowsAsync(IReadOnlyList<Row> rows, TimeSpan startEvery, string title, StringBuilder report)
    {
        var clock = Stopwatch.StartNew();
        var preparations = await InBatchesAsync(rows, PreparationsAtOnce, PrepareRowAsync);
        var preparedAfter = clock.Elapsed;
        RowResult[] results;
        try
        {
            // The rows' faults and operations start one after the other and then run concurrently, each against its own broker.
            results = await Task.WhenAll(preparations.Select(async (preparation, index) =>
            {
                if (preparation.Problem is not null)
                {
                    return new RowResult(preparation.Row, null, null, null, preparation.Problem);
                }

                await Task.Delay(startEvery * index, TestContext.Current.CancellationToken);
                try
                {
                    return await RunAsync(preparation);
                }
                catch (Exception e)
                {
                    return new RowResult(preparation.Row, null, null, null, $"the row could not run: {e.GetType().Name}: {e.Message}");
                }
            }));
        }
        finally
        {
            // Deleting each row's broker ends the orphan mitigations still retrying in the background.
            await InBatchesAsync(preparations.Where(p => p.Marketplace is not null).ToList(), PreparationsAtOnce, async p =>
            {
                await p.Marketplace!.DisposeAsync();
                return p;
            });
        }

        report.AppendLine(CultureInfo.InvariantCulture,
            $"{title}: {rows.Count} rows in {clock.Elapsed.TotalSeconds:0.0} s (prepared after {preparedAfter.TotalSeconds:0.0} s, started {startEvery.TotalSeconds:0.00} s apart); times from the operation's acceptance (its 202's lastOperation.startedAt); bound = deadline + {SweepAllowance.TotalSeconds:0.0} s");
        foreach (var result in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {result}");
        }

        var latest = results.Where(r => r.LastInProgressAfter is not null).MaxBy(r => r.LastInProgressAfter - TimeSpan.FromSeconds(r.Row.DeadlineSeconds));
        if (latest is not null)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"  Latest seen in progress, relative to its deadline: {latest.Row} at {(latest.LastInProgressAfter!.Value - TimeSpan.FromSeconds(latest.Row.DeadlineSeconds)).TotalSeconds:+0.0;-0.0} s");
        }

        return results;
    }

    // ---- One row ----

    /// <summary>The row's own broker (its plan's deadline set), tenant, and what its operation needs; a problem if that failed.</summary>
    private async Task<Preparation> PrepareRowAsync(Row row)
    {
        BrokerSetup? marketplace = null;
        try
        {
            var catalog = SampleCatalog.Create();
            catalog["services"]![0]!["plans"]![0]!["maximum_polling_duration"] = row.DeadlineSeconds;
            marketplace = await SetUpAsync(catalog);
            var (instance, binding) = await PrepareAsync(marketplace, row.Operation);
            return new Preparation(row, marketplace, instance, binding, null);
        }
        catch (Exception e)
        {
            return new Preparation(row, marketplace, null, null, $"the row could not be prepared: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Sets the fault up, starts the operation, watches it until it is final and judges the row.</summary>
    private async Task<RowResult> RunAsync(Preparation preparation)
    {
        var (row, marketplace, instance, binding) = (preparation.Row, preparation.Marketplace!, preparation.Instance, preparation.Binding);
        using var databaseFault = await InjectAsync(marketplace, row);
        var started = await StartAsync(marketplace, row.Operation, instance, binding);
        if (started.Problem is not null)
        {
            return new RowResult(row, null, null, null, started.Problem);
        }

        var watched = await WatchAsync(marketplace.Tenant.Member, started, row);
        var problem = await JudgeAsync(marketplace, row, started, watched, databaseFault);
        return new RowResult(row, watched.Final, watched.FinalAfter, watched.LastInProgressAfter, problem);
    }

    private static async Task<TResult[]> InBatchesAsync<TItem, TResult>(IReadOnlyList<TItem> items, int atOnce, Func<TItem, Task<TResult>> run)
    {
        using var gate = new SemaphoreSlim(atOnce);
        return await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                return await run(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>What the row's operation needs first: nothing for a create, a ready instance, or a ready binding too.</summary>
    private static async Task<(JsonObject? Instance, JsonObject? Binding)> PrepareAsync(BrokerSetup marketplace, Operation operation)
    {
        if (operation == Operation.Create)
        {
            return (null, null);
        }

        var instance = await ProvisionAsync(marketplace);
        var ready = await WaitForInstanceAsync(marketplace, instance, i => !IsInProgress(i), PreparationWait);
        ready["state"]!.GetValue<string>().ShouldBe("ready", $"preparing the row: {ready.ToJsonString()}");
        if (operation != Operation.Unbind)
        {
            return (instance, null);
        }

        var binding = await BindAsync(marketplace, instance);
        var bound = await WaitForAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding), b => !IsInProgress(b), PreparationWait);
        bound["state"]!.GetValue<string>().ShouldBe("ready", $"preparing the row: {bound.ToJsonString()}");
        return (instance, binding);
    }

    /// <summary>Sets the row's fault up, after the preparation; answers the armed database fault, if that is the row's fault.</summary>
    private async Task<DatabaseFaultHandle> InjectAsync(BrokerSetup marketplace, Row row)
    {
        var broker = marketplace.Broker;
        var request = RequestOf(row.Operation);
        var poll = PollOf(row.Operation);
        switch (row.Fault)
        {
            case Fault.Hangs:
                foreach (var operation in Enum.GetValues<OsbOperation>())
                {
                    broker.NeverAnswer(operation);
                }

                break;
            case Fault.AnswersSlowerThanTheTimeout:
                await SetRequestTimeoutAsync(marketplace, 1);
                foreach (var operation in Enum.GetValues<OsbOperation>())
                {
                    broker.SetDelay(operation, TimeSpan.FromSeconds(3));
                }

                break;
            case Fault.DripsItsBody:
                await SetRequestTimeoutAsync(marketplace, 1);
                broker.Script(request, Repeat(ScriptedResponse.Dripping(SuccessStatusOf(row.Operation), DripBodyOf(row.Operation), TimeSpan.FromMilliseconds(100)), 50));
                break;
            case Fault.Malformed200:
                broker.Script(request, Repeat(new ScriptedResponse(200, """["not", "an", "object"]"""), 50));
                break;
            case Fault.Malformed201:
                broker.Script(request, Repeat(new ScriptedResponse(201, row.Operation == Operation.Bind
                    ? """{"credentials":"not-an-object"}"""
                    : """{"dashboard_url":"https://a.example","dashboard_url":"https://b.example"}"""), 50));
                break;
            case Fault.OperationNotAString202:
                broker.Script(request, Repeat(new ScriptedResponse(202, """{"operation":{"id":42}}"""), 50));
                break;
            case Fault.NotJson:
                broker.Script(request, Repeat(new ScriptedResponse(NotJsonStatusOf(row.Operation), "<html><body>502 Bad Gateway</body></html>"), 50));
                break;
            case Fault.Status500OnEveryCall:
                foreach (var operation in Enum.GetValues<OsbOperation>().Where(o => o != OsbOperation.Catalog))
                {
                    broker.Script(operation, Repeat(ScriptedResponse.Error(500, "InternalError", "fake broker: everything fails"), 200));
                }

                break;
            case Fault.RefusesConnections:
                await broker.DisposeAsync();
                break;
            case Fault.InProgressForever:
                broker.RespondAsynchronously(request, new AsyncBehaviour { InProgressPolls = int.MaxValue });
                break;
            case Fault.PollsAnsweredWithGarbage:
                broker.RespondAsynchronously(request, new AsyncBehaviour { InProgressPolls = int.MaxValue });
                broker.Script(poll, Enumerable.Range(0, 200).Select(i => new ScriptedResponse(200, PollGarbage[i % PollGarbage.Length])).ToArray());
                break;
            case Fault.PollsAnswered500:
                broker.RespondAsynchronously(request, new AsyncBehaviour { InProgressPolls = int.MaxValue });
                broker.Script(poll, Repeat(ScriptedResponse.Error(500, "InternalError", "fake broker: polls fail"), 200));
                break;
            case Fault.CredentialsNoLongerDecrypt:
                await CorruptStoredPasswordAsync(marketplace.BrokerId);
                break;
            case Fault.DatabaseFailsThreeSaves:
                return ArmDatabaseFault(marketplace, row, 3);
            case Fault.DatabaseFailsPastTheRetryLimit:
                return ArmDatabaseFault(marketplace, row, 6);
        }

        return DatabaseFaultHandle.None;
    }

    /// <summary>
    /// The saves of the row's background steps — those that change or remove one of its broker's operations (each row
    /// has its own broker and one operation at a time) — fail <paramref name="times"/> times. The accepting request's
    /// save, which adds the operation, goes through: the fault is in the middle of a step, after its broker call.
    /// </summary>
    private DatabaseFaultHandle ArmDatabaseFault(BrokerSetup marketplace, Row row, int times)
    {
        var brokerId = marketplace.BrokerId;
        return new DatabaseFaultHandle(App.DatabaseFaults.Arm(
            row.ToString(),
            context => context.ChangeTracker.Entries<BrokerOperation>()
                .Any(e => e.Entity.BrokerId == brokerId && e.State is EntityState.Modified or EntityState.Deleted),
            times));
    }

    /// <summary>Makes the stored password undecryptable, as a changed key ring would: one character of the protected payload changed.</summary>
    private async Task CorruptStoredPasswordAsync(Guid brokerId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var stored = await db.ServiceBrokers.Where(b => b.Id == brokerId).Select(b => b.ProtectedPassword).SingleAsync();
        var position = stored.Length - 8;
        var corrupted = string.Concat(stored.AsSpan(0, position), stored[position] == 'A' ? "B" : "A", stored.AsSpan(position + 1));
        (await db.ServiceBrokers.Where(b => b.Id == brokerId).ExecuteUpdateAsync(s => s.SetProperty(b => b.ProtectedPassword, corrupted))).ShouldBe(1);
    }

    /// <summary>Sets the broker's request timeout after the preparation (a 1 s catalog check at registration could trip on a busy machine).</summary>
    private static async Task SetRequestTimeoutAsync(BrokerSetup marketplace, int seconds)
    {
        var edited = await Expect(
            await PatchAsync(marketplace.Tenant.CustomerAdmin, $"/api/brokers/{marketplace.BrokerId}", new { requestTimeoutSeconds = seconds }),
            HttpStatusCode.OK);
        edited["requestTimeoutSeconds"]!.GetValue<int>().ShouldBe(seconds);
    }

    /// <summary>Asks for the row's operation; the clock starts at its 202.</summary>
    private static async Task<Started> StartAsync(BrokerSetup marketplace, Operation operation, JsonObject? instance, JsonObject? binding)
    {
        var member = marketplace.Tenant.Member;
        HttpResponseMessage response;
        string url;
        switch (operation)
        {
            case Operation.Create:
                response = await SendProvisionAsync(marketplace);
                url = "";
                break;
            case Operation.Update:
                url = marketplace.InstanceUrl(instance!);
                response = await PatchAsync(member, url, new { parameters = new { storage_gb = 7 } });
                break;
            case Operation.Delete:
                url = marketplace.InstanceUrl(instance!);
                response = await member.DeleteAsync(url);
                break;
            case Operation.Bind:
                response = await member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance!)}/bindings", new { name = Unique("app") });
                url = "";
                break;
            default:
                url = marketplace.BindingUrl(instance!, binding!);
                response = await member.DeleteAsync(url);
                break;
        }

        var receivedAt = DateTimeOffset.UtcNow;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return new Started(url, receivedAt, null, null, $"the operation was not accepted: {(int)response.StatusCode} {body}");
            }

            // The operation was accepted — and its deadline counted from — when the marketplace started it, a little before its 202 arrived here.
            var resource = JsonNode.Parse(body)!.AsObject();
            var acceptedAt = resource["lastOperation"]?["startedAt"]?.GetValue<DateTimeOffset>() is { } startedAt && startedAt < receivedAt
                ? startedAt
                : receivedAt;
            var id = resource["id"]!.GetValue<Guid>();
            return operation switch
            {
                Operation.Create => new Started(marketplace.InstanceUrl(resource), acceptedAt, id, null, null),
                Operation.Bind => new Started(marketplace.BindingUrl(instance!, resource), acceptedAt, instance!["id"]!.GetValue<Guid>(), id, null),
                Operation.Unbind => new Started(url, acceptedAt, instance!["id"]!.GetValue<Guid>(), id, null),
                _ => new Started(url, acceptedAt, id, null, null),
            };
        }
    }

    /// <summary>
    /// Reads the resource every <see cref="ReadEvery"/> until its operation is final, or until well past the deadline;
    /// remembers when it was last seen in progress (by when that read was sent: it was in progress at least then).
    /// </summary>
    private static async Task<Watched> WatchAsync(HttpClient member, Started started, Row row)
    {
        var operation = row.Operation;
        var deadline = started.AcceptedAt + TimeSpan.FromSeconds(row.DeadlineSeconds);
        var stopAt = deadline + SweepAllowance + WatchBeyond;
        TimeSpan? lastInProgress = null;
        while (true)
        {
            var sentAt = DateTimeOffset.UtcNow;
            using var response = await member.GetAsync(started.Url);
            var seen = response.StatusCode == HttpStatusCode.NotFound
                ? new JsonObject { ["gone"] = true }
                : JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
            {
                return new Watched(seen, null, lastInProgress, $"reading it answered {(int)response.StatusCode}: {seen.ToJsonString()}");
            }

            if (IsFinal(seen, operation))
            {
                return new Watched(seen, DateTimeOffset.UtcNow - started.AcceptedAt, lastInProgress, null);
            }

            lastInProgress = sentAt - started.AcceptedAt;
            if (sentAt > stopAt)
            {
                return new Watched(seen, null, lastInProgress, null);
            }

            await Task.Delay(ReadEvery);
        }
    }

    /// <summary>Every way the row can break the promise, or null.</summary>
    private static async Task<string?> JudgeAsync(BrokerSetup marketplace, Row row, Started started, Watched watched, DatabaseFaultHandle databaseFault)
    {
        var problems = new List<string>();
        var bound = TimeSpan.FromSeconds(row.DeadlineSeconds) + SweepAllowance;
        if (watched.Problem is not null)
        {
            problems.Add(watched.Problem);
        }
        else if (watched.FinalAfter is null)
        {
            problems.Add($"never final: stuck {Describe(watched.Final)} {watched.LastInProgressAfter?.TotalSeconds:0.0} s after the 202");
        }
        else if (watched.LastInProgressAfter > bound)
        {
            problems.Add($"still {InProgressStateOf(row.Operation)} {watched.LastInProgressAfter?.TotalSeconds:0.0} s after the 202, past the deadline + sweep ({bound.TotalSeconds:0.0} s)");
        }

        if (watched.FinalAfter is not null)
        {
            var expected = ExpectedOutcome(row);
            var outcome = Outcome(watched.Final, row.Operation);
            if (outcome != expected)
            {
                problems.Add($"ended {outcome}, expected {expected}: {Describe(watched.Final)}");
            }
        }

        if (databaseFault.Fault is { } fault && fault.Thrown != fault.Times)
        {
            problems.Add($"the database fault refused {fault.Thrown} of {fault.Times} saves, so the row did not test what it claims");
        }

        if (watched.FinalAfter is not null && ExpectedCode(row) is { } code && watched.Final?["lastOperation"]?["code"]?.GetValue<string>() != code)
        {
            problems.Add($"ended with code {watched.Final?["lastOperation"]?["code"]}, expected {code}");
        }

        if (RetriesTheDelete(row) && marketplace.Broker.RequestsFor(RequestOf(row.Operation)).Count < 2)
        {
            problems.Add($"the broker saw {marketplace.Broker.RequestsFor(RequestOf(row.Operation)).Count} {RequestOf(row.Operation)} call(s): the failed delete was not retried (L85)");
        }

        if (await InProgressInProjectAsync(marketplace) is { } inProgress)
        {
            problems.Add($"left in progress: {inProgress}");
        }

        if (watched.FinalAfter is not null && ExpectsOrphanMitigation(row))
        {
            // L83/L84: a create or bind that may have left something behind is deleted at the broker in the background.
            var mitigation = row.Operation == Operation.Create ? OsbOperation.Deprovision : OsbOperation.Unbind;
            var resource = (row.Operation == Operation.Create ? started.InstanceId : started.BindingId).ToString();
            try
            {
                await marketplace.Broker.WaitForRequestAsync(
                    r => r.Operation == mitigation && (mitigation == OsbOperation.Deprovision ? r.InstanceId : r.BindingId) == resource,
                    TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                problems.Add($"no orphan mitigation ({mitigation}) reached the broker within 5 s of the failure");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Instances and bindings of the row's project that are still in an operation (orphan mitigation is not one users see).</summary>
    private static async Task<string?> InProgressInProjectAsync(BrokerSetup marketplace)
    {
        var member = marketplace.Tenant.Member;
        var stuck = new List<string>();
        var instances = await Expect(await member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK);
        foreach (var instance in instances["items"]!.AsArray().Select(i => i!.AsObject()))
        {
            if (IsInProgress(instance))
            {
                stuck.Add($"instance {Describe(instance)}");
            }

            var bindings = await Expect(await member.GetAsync($"{marketplace.InstanceUrl(instance)}/bindings"), HttpStatusCode.OK);
            stuck.AddRange(bindings["items"]!.AsArray().Select(b => b!.AsObject()).Where(IsInProgress).Select(b => $"binding {Describe(b)}"));
        }

        return stuck.Count == 0 ? null : string.Join(", ", stuck);
    }

    // ---- The matrix's expectations ----

    /// <summary>
    /// How each row ends. Most fail; a failed update, delete or unbind returns the resource to ready. A 200 to a delete
    /// or unbind means gone whatever its body; a database that refuses fewer saves than the retry limit only delays.
    /// </summary>
    private static string ExpectedOutcome(Row row) => row switch
    {
        { Fault: Fault.DatabaseFailsThreeSaves } => Succeeded(row.Operation),
        { Fault: Fault.Malformed200, Operation: Operation.Delete or Operation.Unbind } => Succeeded(row.Operation),
        _ => row.Operation is Operation.Create or Operation.Bind ? "failed (failed)" : "ready (failed)",
    };

    /// <summary>The <c>lastOperation.code</c> of the rows whose reason does not depend on timing; null where it may.</summary>
    private static string? ExpectedCode(Row row) => row.Fault switch
    {
        Fault.CredentialsNoLongerDecrypt => "credentials_unreadable",
        Fault.DatabaseFailsPastTheRetryLimit => "internal_error",
        Fault.InProgressForever or Fault.PollsAnsweredWithGarbage or Fault.PollsAnswered500 => "deadline_exceeded",
        _ => null,
    };

    private static string Succeeded(Operation operation) => operation is Operation.Delete or Operation.Unbind ? "gone" : "ready (succeeded)";

    /// <summary>
    /// L83, L84: timeouts, 5xx, malformed 201/202, polls that end at the deadline and the marketplace's own failures
    /// make a failed create or bind send a delete. Not for a malformed 200 (L86), nor where no call can go out
    /// (the broker is stopped, the credentials are unreadable), nor when the operation succeeded.
    /// </summary>
    private static bool ExpectsOrphanMitigation(Row row) =>
        row.Operation is Operation.Create or Operation.Bind
        && row.Fault is not (Fault.Malformed200 or Fault.RefusesConnections or Fault.CredentialsNoLongerDecrypt or Fault.DatabaseFailsThreeSaves);

    /// <summary>L85: a delete or unbind answered with a 5xx, another 2xx, a malformed body or nothing in time is retried until its deadline.</summary>
    private static bool RetriesTheDelete(Row row) =>
        row.Operation is Operation.Delete or Operation.Unbind
        && row.Fault is Fault.Status500OnEveryCall or Fault.Malformed201 or Fault.OperationNotAString202 or Fault.NotJson
            or Fault.AnswersSlowerThanTheTimeout or Fault.DripsItsBody;

    private static string Outcome(JsonObject? resource, Operation operation) =>
        resource is null ? "unknown"
        : resource["gone"] is not null ? "gone"
        : $"{resource["state"]} ({resource["lastOperation"]?["state"]})";

    /// <summary>Gone, or the row's operation no longer in progress and the resource in a state no operation runs in.</summary>
    private static bool IsFinal(JsonObject resource, Operation operation) =>
        resource["gone"] is not null
        || (resource["lastOperation"]?["type"]?.GetValue<string>() == TypeOf(operation) && !IsInProgress(resource));

    private static bool IsInProgress(JsonObject resource) =>
        resource["state"]?.GetValue<string>() is "creating" or "updating" or "deleting"
        || resource["lastOperation"]?["state"]?.GetValue<string>() == "inProgress";

    private static string Describe(JsonObject? resource) =>
        resource is null ? "(not read)"
        : resource["gone"] is not null ? "gone"
        : $"{resource["state"]} (lastOperation {resource["lastOperation"]?["type"]} {resource["lastOperation"]?["state"]}, code {resource["lastOperation"]?["code"]}: {resource["lastOperation"]?["description"]})";

    private static string TypeOf(Operation operation) => operation switch
    {
        Operation.Create => "create",
        Operation.Update => "update",
        Operation.Delete => "delete",
        Operation.Bind => "bind",
        _ => "unbind",
    };

    private static string InProgressStateOf(Operation operation) => operation switch
    {
        Operation.Create or Operation.Bind => "creating",
        Operation.Update => "updating",
        _ => "deleting",
    };

    private static OsbOperation RequestOf(Operation operation) => operation switch
    {
        Operation.Create => OsbOperation.Provision,
        Operation.Update => OsbOperation.Update,
        Operation.Delete => OsbOperation.Deprovision,
        Operation.Bind => OsbOperation.Bind,
        _ => OsbOperation.Unbind,
    };

    private static OsbOperation PollOf(Operation operation) =>
        operation is Operation.Bind or Operation.Unbind ? OsbOperation.BindingLastOperation : OsbOperation.InstanceLastOperation;

    private static int SuccessStatusOf(Operation operation) => operation is Operation.Create or Operation.Bind ? 201 : 200;

    /// <summary>The status a non-JSON body comes with: the create's 201, the update's 200, the delete's 202 (a 200 to a delete means gone whatever the body).</summary>
    private static int NotJsonStatusOf(Operation operation) => operation switch
    {
        Operation.Create or Operation.Bind => 201,
        Operation.Update => 200,
        _ => 202,
    };

    /// <summary>A valid success body, long enough (≥ 30 bytes at 100 ms a byte) to outlast the 1 s request timeout.</summary>
    private static string DripBodyOf(Operation operation) => operation switch
    {
        Operation.Create => """{"dashboard_url":"https://dashboard.example.com/drip"}""",
        Operation.Bind => """{"credentials":{"uri":"fake://drip","password":"dripping"}}""",
        _ => """{"description":"answered one byte at a time"}""",
    };

    private static readonly string[] PollGarbage =
    [
        "<html>upstream timed out</html>",
        """["in progress"]""",
        """{"state":"finished"}""",
        """{"state":42}""",
        """{"description":"no state at all"}""",
    ];

    private static ScriptedResponse[] Repeat(ScriptedResponse response, int times) => Enumerable.Repeat(response, times).ToArray();

    // ---- Records ----

    public sealed record Row(Fault Fault, Operation Operation)
    {
        public int DeadlineSeconds => Fault switch
        {
            Fault.DatabaseFailsThreeSaves => TransientDatabaseFaultMaximumPollingSeconds,
            Fault.DatabaseFailsPastTheRetryLimit => PersistentDatabaseFaultMaximumPollingSeconds,
            _ => MaximumPollingSeconds,
        };

        public override string ToString() => $"{Operation} × {Fault}";
    }

    private sealed record Preparation(Row Row, BrokerSetup? Marketplace, JsonObject? Instance, JsonObject? Binding, string? Problem);

    private sealed record Started(string Url, DateTimeOffset AcceptedAt, Guid? InstanceId, Guid? BindingId, string? Problem);

    private sealed record Watched(JsonObject? Final, TimeSpan? FinalAfter, TimeSpan? LastInProgressAfter, string? Problem);

    private sealed record RowResult(Row Row, JsonObject? Final, TimeSpan? FinalAfter, TimeSpan? LastInProgressAfter, string? Problem)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Row,-48} deadline {Row.DeadlineSeconds,2} s, {(LastInProgressAfter is { } busy ? $"in progress at {busy.TotalSeconds,4:0.0} s," : "final when first read,"),-23} final by {(FinalAfter is { } after ? $"{after.TotalSeconds,4:0.0} s" : "never"),-6} {Describe(Final)}{(Problem is null ? "" : $"  <-- {Problem}")}");
    }

    /// <summary>The row's armed database fault (disarmed when the row ends), or none.</summary>
    private sealed record DatabaseFaultHandle(DatabaseFault? Fault) : IDisposable
    {
        public static DatabaseFaultHandle None { get; } = new((DatabaseFault?)null);

        public void Dispose() => Fault?.Dispose();
    }
}

/// <summary>
/// The fault matrix runs alone: its rows are timed against deadlines of a few seconds on a small machine, so no other
/// test class shares the processor with it.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class FaultMatrix
{
    public const string Collection = "Fault matrix";
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Api.Tests.Contract.Instances;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>
/// The fault matrix's last failure mode (issue "operation engine", done-when 2): the process dies in the middle of a
/// step. The marketplace runs as a real process on its own SQLite file; every operation type is started with its
/// broker call held open by the broker, and the process is killed hard while all those calls are in flight. A new
/// process on the same file takes each operation over once the dead process's claim has lapsed (the claim lasts the
/// broker's request timeout plus <c>Operations:ClaimMargin</c>). Whether the broker then answers the resent call or
/// keeps hanging, each operation must be final by its deadline plus that claim timeout (plus the sweep allowance of
/// the in-process matrix), and nothing may stay <c>creating</c>, <c>updating</c> or <c>deleting</c>.
/// </summary>
[Collection(FaultMatrix.Collection)]
public sealed class FaultMatrixProcessKillTests(AppFixture fixture) : IAsyncLifetime
{
    /// <summary>The brokers' request timeout: long enough to kill the process while every row's call is still in flight.</summary>
    private const int RequestTimeoutSeconds = 6;

    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(2);

    /// <summary>How long a dead process's claim on an operation holds it: the request timeout plus the claim margin.</summary>
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(RequestTimeoutSeconds) + ClaimMargin;

    /// <summary>The plans' <c>maximum_polling_duration</c>: the operations' deadline, a little after the dead process's claims lapse.</summary>
    private const int MaximumPollingSeconds = 10;

    /// <summary>As in the in-process matrix: a sweep, a last broker call cut by the deadline (at least 1 s) and the save.</summary>
    private static readonly TimeSpan SweepAllowance = TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(MaximumPollingSeconds) + ClaimTimeout + SweepAllowance;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan PreparationWait = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "marketplace-kill-tests", Guid.NewGuid().ToString("N"))).FullName;

    private Dictionary<string, string?> _settings = [];

    /// <summary>What the broker does once the process that called it is dead.</summary>
    public enum AfterTheKill
    {
        /// <summary>The killed call was never acted on; the resent one is answered as usual.</summary>
        BrokerAnswersTheResentCall,

        /// <summary>The broker keeps hanging on every call of the operation: the deadline must end it.</summary>
        BrokerKeepsHanging,
    }

    public ValueTask InitializeAsync()
    {
        // The fixture's configuration (token keys, key ring, fast operations) on a database of our own.
        _settings = new Dictionary<string, string?>(fixture.Settings)
        {
            ["ConnectionStrings:Marketplace"] = $"Data Source={Path.Combine(_directory, "marketplace.db")}",
            ["Operations:ClaimMargin"] = ClaimMargin.ToString("c", CultureInfo.InvariantCulture),
        };
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp folder.
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    [Trait("Checklist", "D38")]
    [Trait("Checklist", "D39")]
    public async Task Operations_whose_call_was_in_flight_when_the_process_was_killed_are_final_by_their_deadline_plus_the_claim_timeout()
    {
        var rows = (from operation in Enum.GetValues<FaultMatrixTests.Operation>() from after in Enum.GetValues<AfterTheKill>() select new KillRow(operation, after)).ToList();
        var brokers = await Task.WhenAll(rows.Select(_ => FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb-user", Password = "osb-secret" })));
        var report = new StringBuilder();
        try
        {
            var clock = Stopwatch.StartNew();
            List<Started> started;
            DateTimeOffset killedAt;
            await using (var first = await AppProcess.StartAsync(_settings, StartTimeout))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"first process up after {clock.Elapsed.TotalSeconds:0.0} s");
                var prepared = await Task.WhenAll(rows.Select((row, i) => PrepareAsync(first, brokers[i], row)));
                report.AppendLine(CultureInfo.InvariantCulture, $"{rows.Count} rows prepared after {clock.Elapsed.TotalSeconds:0.0} s");

                foreach (var row in prepared)
                {
                    HoldTheCall(row);
                }

                started = (await Task.WhenAll(prepared.Select(row => StartAsync(first, row)))).ToList();
                await Task.WhenAll(started.Select(s => s.Prepared.Broker.WaitForRequestAsync(s.IsTheCall, TimeSpan.FromSeconds(10))));
                killedAt = DateTimeOffset.UtcNow;
                first.Kill();
            }

            var problems = new Dictionary<KillRow, List<string>>();
            foreach (var row in started)
            {
                // The call must have been in flight when the process died: the broker saw its client go away only then.
                var call = row.Prepared.Broker.Requests.First(row.IsTheCall);
                var completed = await row.Prepared.Broker.WaitForRequestAsync(r => r.Sequence == call.Sequence && r.IsCompleted, TimeSpan.FromSeconds(15));
                if (!completed.Aborted || completed.CompletedAt < killedAt)
                {
                    Problems(problems, row.Prepared.Row).Add($"its call was not in flight when the process was killed: {completed}");
                }
            }

            var restartedAt = clock.Elapsed;
            await using var second = await AppProcess.StartAsync(_settings, StartTimeout);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"killed after {(killedAt - started.Min(s => s.AcceptedAt)).TotalSeconds:0.0} s of the first operation; second process up after {(clock.Elapsed - restartedAt).TotalSeconds:0.0} s");

            var watched = await Task.WhenAll(started.Select(s => WatchAsync(second, s)));
            foreach (var (row, seen) in started.Zip(watched))
            {
                Judge(row, seen, Problems(problems, row.Prepared.Row));
                if (await InProgressInProjectAsync(second, row.Prepared) is { } inProgress)
                {
                    Problems(problems, row.Prepared.Row).Add($"left in progress: {inProgress}");
                }

                report.AppendLine(CultureInfo.InvariantCulture,
                    $"  {row.Prepared.Row,-62} {(seen.LastInProgressAfter is { } busy ? $"in progress at {busy.TotalSeconds,4:0.0} s," : "final when first read,"),-23} final by {(seen.FinalAfter is { } after ? $"{after.TotalSeconds,4:0.0} s" : "never"),-6} {Describe(seen.Final)}");
            }

            report.Insert(0, $"Process kill: {rows.Count} rows in {clock.Elapsed.TotalSeconds:0.0} s; bound = deadline {MaximumPollingSeconds} s + claim timeout {ClaimTimeout.TotalSeconds:0} s + sweep {SweepAllowance.TotalSeconds:0.0} s = {Bound.TotalSeconds:0.0} s from each operation's acceptance\n");
            TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
            var failing = problems.Where(p => p.Value.Count > 0).ToList();
            failing.ShouldBeEmpty(
                $"{failing.Count} of {rows.Count} rows broke the promise:\n" + string.Join('\n', failing.Select(f => $"  {f.Key}: {string.Join("; ", f.Value)}"))
                + "\n" + report + "\nthe second process's output, last part:\n" + Tail(second.Output, 20_000));
        }
        finally
        {
            foreach (var broker in brokers)
            {
                await broker.DisposeAsync();
            }
        }
    }

    /// <summary>The broker holds the row's call open: only the first one, or every one.</summary>
    private static void HoldTheCall(Prepared row)
    {
        var request = RequestOf(row.Row.Operation);
        if (row.Row.After == AfterTheKill.BrokerAnswersTheResentCall)
        {
            row.Broker.Script(request, ScriptedResponse.NoAnswer); // the pipeline waits before the route: the broker never acts on it
        }
        else
        {
            row.Broker.NeverAnswer(request);
        }
    }

    private static void Judge(Started row, Watched seen, List<string> problems)
    {
        if (seen.FinalAfter is null)
        {
            problems.Add($"never final: stuck {Describe(seen.Final)} {seen.LastInProgressAfter?.TotalSeconds:0.0} s after it was accepted");
            return;
        }

        if (seen.LastInProgressAfter > Bound)
        {
            problems.Add($"still in progress {seen.LastInProgressAfter?.TotalSeconds:0.0} s after it was accepted, past deadline + claim timeout + sweep ({Bound.TotalSeconds:0.0} s)");
        }

        var operation = row.Prepared.Row.Operation;
        var expected = row.Prepared.Row.After == AfterTheKill.BrokerAnswersTheResentCall
            ? operation is FaultMatrixTests.Operation.Delete or FaultMatrixTests.Operation.Unbind ? "gone" : "ready (succeeded)"
            : operation is FaultMatrixTests.Operation.Create or FaultMatrixTests.Operation.Bind ? "failed (failed)" : "ready (failed)";
        var outcome = seen.Final!["gone"] is not null ? "gone" : $"{seen.Final["state"]} ({seen.Final["lastOperation"]?["state"]})";
        if (outcome != expected)
        {
            problems.Add($"ended {outcome}, expected {expected}: {Describe(seen.Final)}");
        }
    }

    // ---- Preparation, over HTTP against the first process ----

    /// <summary>A customer with an admin, a project with a member, the row's broker registered with a short deadline, and what the operation needs.</summary>
    private async Task<Prepared> PrepareAsync(AppProcess app, FakeOsbBroker broker, KillRow row)
    {
        var catalog = SampleCatalog.Create();
        catalog["services"]![0]!["plans"]![0]!["maximum_polling_duration"] = MaximumPollingSeconds;
        broker.Catalog = catalog;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var customerIdentifier = $"kill-{suffix}";
        using var admin = Client(app, fixture.Tokens.For("platform-admin-user", "platform-admin"));
        var customer = await Expect(
            await admin.PostAsJsonAsync("/api/customers", new { identifier = customerIdentifier, name = "Kill" }), HttpStatusCode.Created);
        var customerId = customer["id"]!.GetValue<Guid>();
        await Expect(await admin.PutAsync($"/api/customers/{customerId}/admins/owner-{suffix}", null), HttpStatusCode.NoContent);

        using var owner = Client(app, fixture.Tokens.For($"owner-{suffix}"));
        var project = await Expect(
            await owner.PostAsJsonAsync($"/api/customers/{customerId}/projects", new { identifier = "web", name = "Web shop" }), HttpStatusCode.Created);
        var projectId = project["id"]!.GetValue<Guid>();
        await Expect(await owner.PutAsync($"/api/projects/{projectId}/members/member-{suffix}", null), HttpStatusCode.NoContent);
        var registered = await Expect(await owner.PostAsJsonAsync("/api/brokers", new
        {
            customerId,
            name = "Kill broker",
            identifier = $"osb-{suffix}",
            endpoint = broker.BaseAddress.ToString(),
            username = "osb-user",
            password = "osb-secret",
            developmentMode = true,
            requestTimeoutSeconds = RequestTimeoutSeconds,
        }), HttpStatusCode.Created);
        var brokerId = registered["id"]!.GetValue<Guid>();
        await Expect(await owner.PutAsync($"/api/projects/{projectId}/locations/private-{customerIdentifier}", null), HttpStatusCode.NoContent);
        var stored = await Expect(await owner.GetAsync($"/api/brokers/{brokerId}/catalog"), HttpStatusCode.OK);
        var service = stored["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        var plan = service["plans"]!.AsArray().Single(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId)!;
        var prepared = new Prepared(row, broker, projectId, service["id"]!.GetValue<Guid>(), plan["id"]!.GetValue<Guid>(), fixture.Tokens.For($"member-{suffix}"), null, null);
        if (row.Operation == FaultMatrixTests.Operation.Create)
        {
            return prepared;
        }

        using var member = Client(app, prepared.MemberToken);
        var instance = await Expect(
            await member.PostAsJsonAsync(prepared.InstancesUrl, new { name = "orders-db", serviceId = prepared.ServiceId, planId = prepared.PlanId }),
            HttpStatusCode.Accepted);
        var instanceUrl = $"{prepared.InstancesUrl}/{instance["id"]}";
        await ExpectReadyAsync(member, instanceUrl);
        if (row.Operation != FaultMatrixTests.Operation.Unbind)
        {
            return prepared with { InstanceId = instance["id"]!.GetValue<Guid>() };
        }

        var binding = await Expect(await member.PostAsJsonAsync($"{instanceUrl}/bindings", new { name = "orders-app" }), HttpStatusCode.Accepted);
        await ExpectReadyAsync(member, $"{instanceUrl}/bindings/{binding["id"]}");
        return prepared with { InstanceId = instance["id"]!.GetValue<Guid>(), BindingId = binding["id"]!.GetValue<Guid>() };
    }

    private static async Task ExpectReadyAsync(HttpClient member, string url)
    {
        var until = DateTime.UtcNow + PreparationWait;
        JsonObject seen;
        do
        {
            await Task.Delay(100);
            seen = await Expect(await member.GetAsync(url), HttpStatusCode.OK);
        }
        while (IsInProgress(seen) && DateTime.UtcNow < until);

        seen["state"]!.GetValue<string>().ShouldBe("ready", $"preparing the row: {seen.ToJsonString()}");
    }

    /// <summary>Asks for the row's operation; the clock starts at its acceptance (the 202's <c>lastOperation.startedAt</c>).</summary>
    private static async Task<Started> StartAsync(AppProcess app, Prepared row)
    {
        using var member = Client(app, row.MemberToken);
        var instanceUrl = $"{row.InstancesUrl}/{row.InstanceId}";
        var (response, url) = row.Row.Operation switch
        {
            FaultMatrixTests.Operation.Create => (await member.PostAsJsonAsync(row.InstancesUrl, new { name = "orders-db", serviceId = row.ServiceId, planId = row.PlanId }), ""),
            FaultMatrixTests.Operation.Update => (await PatchAsync(member, instanceUrl, new { parameters = new { storage_gb = 7 } }), instanceUrl),
            FaultMatrixTests.Operation.Delete => (await member.DeleteAsync(instanceUrl), instanceUrl),
            FaultMatrixTests.Operation.Bind => (await member.PostAsJsonAsync($"{instanceUrl}/bindings", new { name = "orders-app" }), ""),
            _ => (await member.DeleteAsync($"{instanceUrl}/bindings/{row.BindingId}"), $"{instanceUrl}/bindings/{row.BindingId}"),
        };
        var receivedAt = DateTimeOffset.UtcNow;
        var resource = await Expect(response, HttpStatusCode.Accepted);
        var acceptedAt = resource["lastOperation"]?["startedAt"]?.GetValue<DateTimeOffset>() is { } startedAt && startedAt < receivedAt ? startedAt : receivedAt;
        return row.Row.Operation switch
        {
            FaultMatrixTests.Operation.Create => new Started(row with { InstanceId = resource["id"]!.GetValue<Guid>() }, $"{row.InstancesUrl}/{resource["id"]}", acceptedAt),
            FaultMatrixTests.Operation.Bind => new Started(row with { BindingId = resource["id"]!.GetValue<Guid>() }, $"{instanceUrl}/bindings/{resource["id"]}", acceptedAt),
            _ => new Started(row, url, acceptedAt),
        };
    }

    /// <summary>Reads the resource from the second process until its operation is final, or well past the bound.</summary>
    private static async Task<Watched> WatchAsync(AppProcess app, Started row)
    {
        using var member = Client(app, row.Prepared.MemberToken);
        var stopAt = row.AcceptedAt + Bound + TimeSpan.FromSeconds(5);
        TimeSpan? lastInProgress = null;
        while (true)
        {
            var sentAt = DateTimeOffset.UtcNow;
            using var response = await member.GetAsync(row.Url);
            var seen = response.StatusCode == HttpStatusCode.NotFound
                ? new JsonObject { ["gone"] = true }
                : await Expect(response, HttpStatusCode.OK);
            if (seen["gone"] is not null
                || (seen["lastOperation"]?["type"]?.GetValue<string>() == TypeOf(row.Prepared.Row.Operation) && !IsInProgress(seen)))
            {
                return new Watched(seen, DateTimeOffset.UtcNow - row.AcceptedAt, lastInProgress);
            }

            lastInProgress = sentAt - row.AcceptedAt;
            if (sentAt > stopAt)
            {
                return new Watched(seen, null, lastInProgress);
            }

            await Task.Delay(250);
        }
    }

    private static async Task<string?> InProgressInProjectAsync(AppProcess app, Prepared row)
    {
        using var member = Client(app, row.MemberToken);
        var stuck = new List<string>();
        var instances = await Expect(await member.GetAsync(row.InstancesUrl), HttpStatusCode.OK);
        foreach (var instance in instances["items"]!.AsArray().Select(i => i!.AsObject()))
        {
            if (IsInProgress(instance))
            {
                stuck.Add($"instance {Describe(instance)}");
            }

            var bindings = await Expect(await member.GetAsync($"{row.InstancesUrl}/{instance["id"]}/bindings"), HttpStatusCode.OK);
            stuck.AddRange(bindings["items"]!.AsArray().Select(b => b!.AsObject()).Where(IsInProgress).Select(b => $"binding {Describe(b)}"));
        }

        return stuck.Count == 0 ? null : string.Join(", ", stuck);
    }

    // ---- Helpers ----

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    private static List<string> Problems(Dictionary<KillRow, List<string>> problems, KillRow row) =>
        problems.TryGetValue(row, out var list) ? list : problems[row] = [];

    private static bool IsInProgress(JsonObject resource) =>
        resource["state"]?.GetValue<string>() is "creating" or "updating" or "deleting"
        || resource["lastOperation"]?["state"]?.GetValue<string>() == "inProgress";

    private static string Describe(JsonObject? resource) =>
        resource is null ? "(not read)"
        : resource["gone"] is not null ? "gone"
        : $"{resource["state"]} (lastOperation {resource["lastOperation"]?["type"]} {resource["lastOperation"]?["state"]}, code {resource["lastOperation"]?["code"]}: {resource["lastOperation"]?["description"]})";

    private static string TypeOf(FaultMatrixTests.Operation operation) => operation switch
    {
        FaultMatrixTests.Operation.Create => "create",
        FaultMatrixTests.Operation.Update => "update",
        FaultMatrixTests.Operation.Delete => "delete",
        FaultMatrixTests.Operation.Bind => "bind",
        _ => "unbind",
    };

    private static OsbOperation RequestOf(FaultMatrixTests.Operation operation) => operation switch
    {
        FaultMatrixTests.Operation.Create => OsbOperation.Provision,
        FaultMatrixTests.Operation.Update => OsbOperation.Update,
        FaultMatrixTests.Operation.Delete => OsbOperation.Deprovision,
        FaultMatrixTests.Operation.Bind => OsbOperation.Bind,
        _ => OsbOperation.Unbind,
    };

    private static HttpClient Client(AppProcess app, string token)
    {
        var client = app.Client(token);
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBe((int)status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {body}");
            return body.Length == 0 ? [] : JsonNode.Parse(body)!.AsObject();
        }
    }

    public sealed record KillRow(FaultMatrixTests.Operation Operation, AfterTheKill After)
    {
        public override string ToString() => $"{Operation} × process killed mid-call, {After}";
    }

    private sealed record Prepared(
        KillRow Row, FakeOsbBroker Broker, Guid ProjectId, Guid ServiceId, Guid PlanId, string MemberToken, Guid? InstanceId, Guid? BindingId)
    {
        public string InstancesUrl => $"/api/projects/{ProjectId}/instances";
    }

    private sealed record Started(Prepared Prepared, string Url, DateTimeOffset AcceptedAt)
    {
        /// <summary>The row's broker call: the request of its operation on its instance or binding.</summary>
        public bool IsTheCall(RecordedRequest request) =>
            request.Operation == RequestOf(Prepared.Row.Operation)
            && request.InstanceId == Prepared.InstanceId.ToString()
            && (Prepared.BindingId is null || request.BindingId == Prepared.BindingId.ToString());
    }

    private sealed record Watched(JsonObject? Final, TimeSpan? FinalAfter, TimeSpan? LastInProgressAfter);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Marketplace.Bench.Infrastructure;
using Marketplace.FakeBroker;

namespace Marketplace.Bench.Benchmarks;

/// <summary>
/// P4 scale: 10 fake brokers (each the private broker of its own tenant) answer provisions with 202 and
/// <c>Retry-After: 10</c>, and polls with <c>in progress</c> (again <c>Retry-After: 10</c>) until D = 60 s after the 202,
/// then <c>succeeded</c>. 64 clients submit 10,000 provisions (1,000 per broker) as fast as they can; then the benchmark
/// waits until none is creating, watching the app's SQLite file read-only (never the API). Figure = the largest
/// LastOperationUpdatedAt − CreatedAt over all instances; every one must be Ready, none missing.
/// P4-restart: the same, but once about half are ready the node is killed (SIGKILL) and started again at once on the same
/// database; the bound grows by the claim timeout (the brokers' request timeout + Operations:ClaimMargin).
/// </summary>
internal static class P4Scale
{
    private const int BrokerCount = 10;
    private const int PerBroker = 1000;
    private const int Total = BrokerCount * PerBroker;
    private const int Clients = 64;
    private const int RequestTimeoutSeconds = 10;
    private const int ConnectionBudget = 32;
    private const string RetryAfter = "10";
    private static readonly TimeSpan BrokerDuration = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the last instance beyond the bound before giving up (the figure is then a FAIL anyway).</summary>
    private static readonly TimeSpan ExtraWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Submitting stops after this long even when not all 10,000 are in (a FAIL: not all accepted), so that bench.sh stays
    /// within its 30 minutes on a marketplace that accepts provisions slowly.
    /// </summary>
    private static readonly TimeSpan SubmitLimit = TimeSpan.FromSeconds(240);

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchRun run, bool restart)
    {
        var id = restart ? "P4-restart" : "P4";
        var claimTimeout = TimeSpan.FromSeconds(RequestTimeoutSeconds) + ClaimMargin;
        var bound = 1.2 * BrokerDuration.TotalSeconds + (restart ? claimTimeout.TotalSeconds : 0) + 10;
        var result = new BenchResult(id);
        await using var node = await MarketplaceNode.StartAsync(run, id.ToLowerInvariant(), new Dictionary<string, string?>
        {
            ["Brokers:MaxConcurrentCallsPerConnection"] = ConnectionBudget.ToString(CultureInfo.InvariantCulture),
            ["Operations:ClaimMargin"] = ClaimMargin.ToString("c", CultureInfo.InvariantCulture),
        });
        var brokers = new List<FakeOsbBroker>();
        try
        {
            var offerings = new List<Offering>();
            for (var i = 0; i < BrokerCount; i++)
            {
                var broker = await Setup.StartBrokerAsync();
                brokers.Add(broker);
                broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour
                {
                    InProgressPolls = 0,
                    Duration = BrokerDuration,
                    RetryAfter = RetryAfter,
                    AcceptedRetryAfter = RetryAfter,
                });
                offerings.Add(await Setup.RegisterBrokerAsync(await Setup.CreateTenantAsync(node, $"p4-{i}"), broker, RequestTimeoutSeconds));
            }

            var observer = new DatabaseObserver(node.DatabaseFile);
            var accepted = new ConcurrentDictionary<Guid, int>();
            var posts = new StatusCounts();
            var refusals = new ConcurrentQueue<string>();
            var watch = Stopwatch.StartNew();
            var next = -1;
            Progress.Write(id, $"submitting {Total} provisions with {Clients} clients");
            var submission = Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                while (watch.Elapsed < SubmitLimit && Interlocked.Increment(ref next) is var n && n < Total)
                {
                    var offering = offerings[n % BrokerCount];
                    try
                    {
                        var (answer, instanceId) = await offering.ProvisionAsync($"p4-{n}");
                        posts.Add(answer.Status);
                        if (instanceId is { } created)
                        {
                            accepted[created] = n % BrokerCount;
                        }
                        else if (refusals.Count < 5)
                        {
                            refusals.Enqueue(answer.ToString());
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        posts.NoAnswer();
                        refusals.Enqueue(e.Message);
                    }
                }
            })));

            TimeSpan? submitted = null;
            TimeSpan? halfReady = null;
            TimeSpan? killedAt = null;
            TimeSpan restartTook = TimeSpan.Zero;
            var timedOut = false;
            var nextNote = TimeSpan.Zero;
            var timeline = new List<string>();
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                if (submitted is null && submission.IsCompleted)
                {
                    await submission;
                    submitted = watch.Elapsed;
                    Note($"submitted: {posts.ByStatus()} in {Format.Seconds(submitted.Value)} ({Format.Rate(accepted.Count / submitted.Value.TotalSeconds)})" +
                        (next < Total ? $"; stopped at the submit limit of {SubmitLimit.TotalSeconds:0} s" : string.Empty));
                }

                var states = await observer.InstanceStatesAsync();
                if (watch.Elapsed >= nextNote)
                {
                    Progress.Write(id, $"t={watch.Elapsed.TotalSeconds:0} s: {StateCounts.Describe(states)}");
                    nextNote = watch.Elapsed + TimeSpan.FromSeconds(10);
                }

                if (halfReady is null && submitted is not null && states.Of("Ready") + states.Of("Failed") >= accepted.Count / 2)
                {
                    halfReady = watch.Elapsed;
                    Note($"half of the accepted are final: {StateCounts.Describe(states)}");
                }

                if (restart && killedAt is null && submitted is not null && halfReady is not null)
                {
                    killedAt = watch.Elapsed;
                    restartTook = await node.KillAndRestartAsync();
                    Note($"killed (SIGKILL) at {StateCounts.Describe(await observer.InstanceStatesAsync())}; started again in {Format.Seconds(restartTook)}");
                    continue;
                }

                var settled = submitted is not null && states.Of("Creating") == 0 && (!restart || killedAt is not null);
                if (settled)
                {
                    Note($"none creating: {StateCounts.Describe(states)}");
                    break;
                }

                if (submitted is not null && watch.Elapsed - submitted > TimeSpan.FromSeconds(bound) + ExtraWait)
                {
                    timedOut = true;
                    Note($"gave up waiting {Format.Seconds(TimeSpan.FromSeconds(bound) + ExtraWait)} after the last submission: {StateCounts.Describe(states)}");
                    break;
                }
            }

            var rows = (await observer.InstancesAsync()).ToDictionary(r => r.Id);
            var missing = accepted.Keys.Count(k => !rows.ContainsKey(k));
            var mine = accepted.Keys.Where(rows.ContainsKey).Select(k => rows[k]).ToList();
            var notReady = mine.Where(r => r.State != "Ready").ToList();
            var ready = mine.Where(r => r.State == "Ready").ToList();
            var worst = ready.MaxBy(r => r.Age);
            var figure = worst?.Age.TotalSeconds ?? double.NaN;
            var refused = posts.Total + posts.NoAnswers - posts.Count(s => s == 202);
            var passed = !timedOut && missing == 0 && notReady.Count == 0 && refused == 0 && accepted.Count == Total && figure <= bound;

            result.Verdict(passed, Format.Seconds(figure), restart
                ? $"<= {Format.Seconds(bound)} = 1.2 x D + claim timeout + 10 s, D = {BrokerDuration.TotalSeconds:0} s, claim timeout = {claimTimeout.TotalSeconds:0} s"
                : $"<= {Format.Seconds(bound)} = 1.2 x D + 10 s, D = {BrokerDuration.TotalSeconds:0} s");
            result.Detail($"instances: accepted {accepted.Count} of {Total}, missing {missing}, ready {ready.Count}, not ready {notReady.Count} ({string.Join(' ', notReady.GroupBy(r => r.State).Select(g => $"{g.Key}={g.Count()}"))}){(timedOut ? ", TIMED OUT" : string.Empty)}");
            result.Detail($"POST provision answers: {posts.ByStatus()} ({posts.ByClass()})");
            foreach (var refusal in refusals)
            {
                result.Detail($"  refused: {refusal}");
            }

            result.Details(timeline.Select(t => "timeline " + t));
            result.Detail($"final - created over Ready instances: {Statistics.Describe(ready.Select(r => r.Age.TotalSeconds).ToArray())}");
            if (worst is not null)
            {
                result.Detail($"worst: {worst.Id} created {worst.CreatedAt:HH:mm:ss.fff} ready {worst.LastOperationUpdatedAt:HH:mm:ss.fff}");
            }

            foreach (var row in notReady.Take(5))
            {
                result.Detail($"  not ready: {row.Id} {row.State} {row.LastOperationType}/{row.LastOperationState} '{row.LastOperationDescription}'");
            }

            result.Details(DescribeBrokerTraffic(brokers, rows));
            result.Detail($"brokers: {BrokerCount} private registrations (one tenant each), requestTimeoutSeconds={RequestTimeoutSeconds}; provision 202 + Retry-After: {RetryAfter}, polls 'in progress' + Retry-After: {RetryAfter} until {BrokerDuration.TotalSeconds:0} s after the 202, then 'succeeded'");
            result.Details(node.DescribeSettings().Select(s => "setting " + s));
            result.Details(node.DescribeLog());
            return [result];

            void Note(string what)
            {
                timeline.Add($"t={watch.Elapsed.TotalSeconds:0.0} s {what}");
                Progress.Write(id, what);
            }
        }
        finally
        {
            foreach (var broker in brokers)
            {
                await broker.DisposeAsync();
            }
        }
    }

    private static string Statuses(IEnumerable<RecordedRequest> requests) =>
        string.Join(' ', requests.GroupBy(r => r.ResponseStatus?.ToString(CultureInfo.InvariantCulture) ?? (r.Aborted ? "aborted" : "none"))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));

    /// <summary>What the brokers saw: PUTs and polls, how the polls were spaced, how long work waited before and after the broker.</summary>
    private static IEnumerable<string> DescribeBrokerTraffic(IEnumerable<FakeOsbBroker> brokers, Dictionary<Guid, InstanceRow> rows)
    {
        var requests = brokers.SelectMany(b => b.Requests).Where(r => r.InstanceId is not null).ToList();
        var puts = requests.Where(r => r.Operation == OsbOperation.Provision).ToList();
        var polls = requests.Where(r => r.Operation == OsbOperation.InstanceLastOperation).ToList();
        var deletes = requests.Where(r => r.Operation == OsbOperation.Deprovision).ToList();
        yield return $"broker traffic: PUT {puts.Count} ({Statuses(puts)}), polls {polls.Count} ({Statuses(polls)}), DELETE (orphan mitigation) {deletes.Count} ({Statuses(deletes)})";

        var firstPut = puts.GroupBy(p => Guid.Parse(p.InstanceId!)).ToDictionary(g => g.Key, g => g.MinBy(p => p.Sequence)!);
        var queued = new List<double>();
        var afterBroker = new List<double>();
        foreach (var (instanceId, put) in firstPut)
        {
            if (rows.TryGetValue(instanceId, out var row))
            {
                queued.Add((put.ReceivedAt - row.CreatedAt).TotalSeconds);
                if (row.State == "Ready" && put.CompletedAt is { } answered)
                {
                    afterBroker.Add((row.LastOperationUpdatedAt - (answered + BrokerDuration)).TotalSeconds);
                }
            }
        }

        yield return $"created -> first PUT at the broker: {Statistics.Describe(queued)}";

        // Creates that failed: did their PUT reach the broker, and how fast did the broker answer it?
        var failed = rows.Values.Where(r => r.State == "Failed").ToList();
        if (failed.Count > 0)
        {
            var reached = failed.Where(r => firstPut.ContainsKey(r.Id)).Select(r => firstPut[r.Id]).ToList();
            var answerTimes = reached.Where(p => p.CompletedAt is not null).Select(p => (p.CompletedAt!.Value - p.ReceivedAt).TotalSeconds).ToList();
            yield return $"failed creates: {failed.Count} ({string.Join("; ", failed.GroupBy(r => r.LastOperationDescription).Select(g => $"{g.Count()} x '{g.Key}'"))}); " +
                $"their PUT reached the broker for {reached.Count} ({Statuses(reached)}; broker-side answer time {Statistics.Describe(answerTimes)}), never for {failed.Count - reached.Count}";
        }

        yield return $"broker done (202 + D) -> marked ready: {Statistics.Describe(afterBroker)}";

        var gaps = new List<double>();
        var firstPollAfter202 = new List<double>();
        var pollsPerInstance = new List<double>();
        foreach (var group in polls.GroupBy(p => Guid.Parse(p.InstanceId!)))
        {
            var times = group.OrderBy(p => p.Sequence).Select(p => p.ReceivedAt).ToList();
            pollsPerInstance.Add(times.Count);
            gaps.AddRange(times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds));
            if (firstPut.TryGetValue(group.Key, out var put) && put.CompletedAt is { } answered)
            {
                firstPollAfter202.Add((times[0] - answered).TotalSeconds);
            }
        }

        yield return $"polls per instance: {Statistics.Describe(pollsPerInstance).Replace(" s", string.Empty, StringComparison.Ordinal)}";
        yield return $"first poll after the 202 (Retry-After {RetryAfter}): {(firstPollAfter202.Count == 0 ? "no samples" : $"min={Format.Seconds(firstPollAfter202.Min())} p50={Format.Seconds(Statistics.Percentile(firstPollAfter202, 50))}")}";
        yield return $"gap between polls of one instance: {(gaps.Count == 0 ? "no samples" : $"min={Format.Seconds(gaps.Min())} p50={Format.Seconds(Statistics.Percentile(gaps, 50))} max={Format.Seconds(gaps.Max())}")}; " +
            $"{gaps.Count(g => g < double.Parse(RetryAfter, CultureInfo.InvariantCulture) - 0.5)} of {gaps.Count} gaps shorter than the broker's Retry-After of {RetryAfter} s";
    }
}

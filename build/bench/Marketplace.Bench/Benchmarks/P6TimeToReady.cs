using System.Diagnostics;
using System.Globalization;
using Marketplace.Bench.Infrastructure;
using Marketplace.FakeBroker;

namespace Marketplace.Bench.Benchmarks;

/// <summary>
/// P6 time to ready: for each T in {1, 5, 30, 120} s an asynchronous fake broker (its own tenant and private registration)
/// answers the provision 202 without Retry-After and polls with <c>in progress</c> until T after the 202, then
/// <c>succeeded</c>. All four run at once, 3 provisions per T a few hundred ms apart. Time = the instance's
/// LastOperationUpdatedAt (read from the app's SQLite file: when the marketplace marked it ready) − the fake broker's
/// completion of the PUT (RecordedRequest.CompletedAt), both on this machine's clock; overshoot = time − T.
/// One line per T with the worst overshoot, bound max(1 s, 10% of T).
/// P6-RetryAfter: a fifth broker finishes after T = 1 s but its 202 carries <c>Retry-After: 3</c>: the first poll must
/// come no sooner than 3 s after the 202.
/// The Operations:* timings are the product's defaults (not set).
/// </summary>
internal static class P6TimeToReady
{
    private const int PerT = 3;
    private const int RetryAfterSeconds = 3;
    private static readonly int[] Durations = [1, 5, 30, 120];
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(300);

    public static IReadOnlyList<string> Ids { get; } = [.. Durations.Select(t => $"P6-T{t}"), "P6-RetryAfter"];

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchRun run)
    {
        await using var node = await MarketplaceNode.StartAsync(run, "p6");
        var groups = new List<Group>();
        try
        {
            foreach (var seconds in Durations)
            {
                groups.Add(await SetUpAsync(node, $"P6-T{seconds}", seconds, AsyncBehaviour.After(TimeSpan.FromSeconds(seconds))));
            }

            var retryAfter = await SetUpAsync(node, "P6-RetryAfter", 1, AsyncBehaviour.After(TimeSpan.FromSeconds(1)) with
            {
                AcceptedRetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture),
            });
            groups.Add(retryAfter);

            Progress.Write("P6", $"provisioning {PerT} instances per T, {Spacing.TotalMilliseconds:0} ms apart, all T at once");
            await Task.WhenAll(groups.Select(ProvisionAsync));

            var observer = new DatabaseObserver(node.DatabaseFile);
            var ids = groups.SelectMany(g => g.Instances).ToHashSet();
            var wait = TimeSpan.FromSeconds(Durations.Max() * 1.5 + 60);
            var watch = Stopwatch.StartNew();
            IReadOnlyList<InstanceRow> rows;
            while (true)
            {
                rows = (await observer.InstancesAsync()).Where(r => ids.Contains(r.Id)).ToList();
                var creating = rows.Count(r => r.State == "Creating");
                if (creating == 0 || watch.Elapsed > wait)
                {
                    break;
                }

                Progress.Write("P6", $"{creating} of {ids.Count} still creating");
                await Task.Delay(TimeSpan.FromSeconds(5));
            }

            var byId = rows.ToDictionary(r => r.Id);
            var results = groups.Where(g => g != retryAfter).Select(g => Judge(g, byId)).ToList();
            results.Add(JudgeRetryAfter(retryAfter, byId));
            var settings = node.DescribeSettings().Select(s => "setting " + s).ToList();
            settings.Add("setting Operations:* not set: the product's defaults (see the README's configuration table)");
            results[0].Details(settings);
            results[0].Details(node.DescribeLog());
            return results;
        }
        finally
        {
            foreach (var group in groups)
            {
                await group.Offering.Broker.DisposeAsync();
            }
        }
    }

    private static async Task<Group> SetUpAsync(MarketplaceNode node, string id, int seconds, AsyncBehaviour behaviour)
    {
        var broker = await Setup.StartBrokerAsync();
        broker.RespondAsynchronously(OsbOperation.Provision, behaviour);
        var offering = await Setup.RegisterBrokerAsync(await Setup.CreateTenantAsync(node, id.ToLowerInvariant()), broker);
        return new Group(id, seconds, offering, []);
    }

    private static async Task ProvisionAsync(Group group)
    {
        for (var i = 0; i < PerT; i++)
        {
            if (i > 0)
            {
                await Task.Delay(Spacing);
            }

            var (answer, instanceId) = await group.Offering.ProvisionAsync($"{group.Id.ToLowerInvariant()}-{i}");
            group.Instances.Add(instanceId ?? throw new InvalidOperationException($"{group.Id}: provision refused: {answer}"));
        }
    }

    private static BenchResult Judge(Group group, Dictionary<Guid, InstanceRow> rows)
    {
        var result = new BenchResult(group.Id);
        var bound = Math.Max(1, 0.1 * group.Seconds);
        var overshoots = new List<double>();
        var allReady = true;
        foreach (var instance in group.Instances)
        {
            var (put, polls) = BrokerView(group, instance);
            if (!rows.TryGetValue(instance, out var row) || row.State != "Ready" || put?.CompletedAt is not { } answered)
            {
                allReady = false;
                result.Detail($"{instance}: {row?.State ?? "missing"} {row?.LastOperationDescription} (PUT {put?.ToString() ?? "never received"})");
                continue;
            }

            var time = (row.LastOperationUpdatedAt - answered).TotalSeconds;
            var overshoot = time - group.Seconds;
            overshoots.Add(overshoot);
            result.Detail($"{instance}: ready {Format.Seconds(time)} after the 202, overshoot {Format.Seconds(overshoot)}; polls at +{string.Join(" +", polls.Select(p => (p - answered).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))} s");
        }

        var worst = overshoots.Count == 0 ? double.NaN : overshoots.Max();
        return result.Verdict(allReady && worst <= bound, Format.Seconds(worst), $"<= {Format.Seconds(bound)} = max(1 s, 10% of T), T = {group.Seconds} s");
    }

    private static BenchResult JudgeRetryAfter(Group group, Dictionary<Guid, InstanceRow> rows)
    {
        var result = new BenchResult(group.Id);
        var gaps = new List<double>();
        var complete = true;
        foreach (var instance in group.Instances)
        {
            var (put, polls) = BrokerView(group, instance);
            rows.TryGetValue(instance, out var row);
            if (put?.CompletedAt is not { } answered || polls.Count == 0)
            {
                complete = false;
                result.Detail($"{instance}: no 202 or no poll recorded ({row?.State ?? "missing"})");
                continue;
            }

            gaps.Add((polls[0] - answered).TotalSeconds);
            result.Detail($"{instance}: first poll {Format.Seconds(gaps[^1])} after the 202 (Retry-After: {RetryAfterSeconds}); state {row?.State ?? "missing"}; polls at +{string.Join(" +", polls.Select(p => (p - answered).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))} s");
        }

        var earliest = gaps.Count == 0 ? double.NaN : gaps.Min();
        return result.Verdict(complete && earliest >= RetryAfterSeconds, Format.Seconds(earliest),
            $">= {Format.Seconds(RetryAfterSeconds)}: the earliest first poll after a 202 with Retry-After: {RetryAfterSeconds}, T = {group.Seconds} s");
    }

    /// <summary>The broker's PUT of the instance and the arrival times of its polls.</summary>
    private static (RecordedRequest? Put, List<DateTimeOffset> Polls) BrokerView(Group group, Guid instance)
    {
        var requests = group.Offering.Broker.Requests.Where(r => Guid.TryParse(r.InstanceId, out var id) && id == instance).ToList();
        return (
            requests.FirstOrDefault(r => r.Operation == OsbOperation.Provision),
            requests.Where(r => r.Operation == OsbOperation.InstanceLastOperation).Select(r => r.ReceivedAt).ToList());
    }

    private sealed record Group(string Id, int Seconds, Offering Offering, List<Guid> Instances);
}

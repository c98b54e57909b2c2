using System.Diagnostics;
using System.Globalization;
using Marketplace.Bench.Infrastructure;
using Marketplace.FakeBroker;

namespace Marketplace.Bench.Benchmarks;

/// <summary>
/// P7 noisy neighbour: broker A (one tenant) answers every call only after 20 s and has 40 provisions waiting; then one
/// provision goes to broker B (another tenant), which answers at once. Figure = B's provision time measured server-side —
/// the instance's lastOperation.updatedAt − createdAt as the API reports them — minus B's own answer time (its recorded
/// PUT's CompletedAt − ReceivedAt). The client-side time (POST to ready, polling every 20 ms) is printed as well.
/// </summary>
internal static class P7NoisyNeighbour
{
    private const int Waiting = 40;
    private const int Budget = 4;
    private const double Bound = 1.0;
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchRun run)
    {
        var result = new BenchResult("P7");
        await using var brokerA = await Setup.StartBrokerAsync();
        await using var brokerB = await Setup.StartBrokerAsync();
        await using var node = await MarketplaceNode.StartAsync(run, "p7", new Dictionary<string, string?>
        {
            ["Brokers:MaxConcurrentCallsPerConnection"] = Budget.ToString(CultureInfo.InvariantCulture),
        });
        var a = await Setup.RegisterBrokerAsync(await Setup.CreateTenantAsync(node, "p7-a"), brokerA);
        var b = await Setup.RegisterBrokerAsync(await Setup.CreateTenantAsync(node, "p7-b"), brokerB);
        foreach (var operation in Enum.GetValues<OsbOperation>())
        {
            brokerA.SetDelay(operation, SlowAnswer);
        }

        var queued = await Task.WhenAll(Enumerable.Range(0, Waiting).Select(i => a.ProvisionAsync($"a-{i}")));
        if (queued.FirstOrDefault(q => q.InstanceId is null) is { Answer: { } refused })
        {
            throw new InvalidOperationException($"A provision to broker A was refused: {refused}");
        }

        // Let A's calls start and fill its budget before B's provision.
        var settle = Stopwatch.StartNew();
        while (brokerA.RequestsFor(OsbOperation.Provision).Count < Budget && settle.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var aInFlight = brokerA.Requests.Count(r => !r.IsCompleted);
        var aReceived = brokerA.RequestsFor(OsbOperation.Provision).Count;

        var watch = Stopwatch.StartNew();
        var (answer, instanceId) = await b.ProvisionAsync("b-0");
        var id = instanceId ?? throw new InvalidOperationException($"The provision to broker B was refused: {answer}");
        System.Text.Json.Nodes.JsonObject instance;
        while (true)
        {
            await Task.Delay(PollInterval);
            var read = await b.Member.GetAsync(b.InstancePath(id));
            if (read.Status == 200 && read.Json() is var json && json["state"]!.GetValue<string>() != "creating")
            {
                instance = json;
                break;
            }

            if (watch.Elapsed > SlowAnswer * 3)
            {
                throw new TimeoutException($"B's instance is still creating after {Format.Seconds(watch.Elapsed)}: {read}");
            }
        }

        var clientSide = watch.Elapsed;
        var state = instance["state"]!.GetValue<string>();
        var created = DateTimeOffset.Parse(instance["createdAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var updated = DateTimeOffset.Parse(instance["lastOperation"]!["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var put = brokerB.RequestsFor(OsbOperation.Provision).Single();
        var brokerTime = (put.CompletedAt ?? put.ReceivedAt) - put.ReceivedAt;
        var serverSide = updated - created;
        var figure = (serverSide - brokerTime).TotalSeconds;

        result.Verdict(state == "ready" && figure <= Bound, Format.Seconds(figure), $"<= {Format.Seconds(Bound)}");
        result.Detail($"B: state {state}; server-side (lastOperation.updatedAt - createdAt) {Format.Seconds(serverSide)} - B's answer time {Format.Seconds(brokerTime)} = the figure");
        result.Detail($"B: created -> PUT received by B {Format.Seconds(put.ReceivedAt - created)}; B answered -> marked ready {Format.Seconds(updated - (put.CompletedAt ?? put.ReceivedAt))}");
        result.Detail($"B: client-side POST to ready, polling every {PollInterval.TotalMilliseconds:0} ms: {Format.Seconds(clientSide)}");
        result.Detail($"A: {Waiting} provisions accepted; A answers every call after {SlowAnswer.TotalSeconds:0} s; when B's provision was sent A had received {aReceived} PUTs, {aInFlight} calls in flight");
        result.Detail($"budget in force: Brokers:MaxConcurrentCallsPerConnection={Budget} (the product default), Brokers:MaxConcurrentCallsPerNode not set (default 256); both brokers with the default requestTimeoutSeconds");
        result.Details(node.DescribeSettings().Select(s => "setting " + s));
        result.Details(node.DescribeLog());
        return [result];
    }
}

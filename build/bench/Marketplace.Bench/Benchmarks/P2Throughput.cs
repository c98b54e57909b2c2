using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Marketplace.Bench.Infrastructure;
using Marketplace.FakeBroker;

namespace Marketplace.Bench.Benchmarks;

/// <summary>
/// P2 throughput: 32 clients each loop "POST a provision, GET the instance every 20 ms until it is no longer creating"
/// against a synchronous fake broker; ready instances per second over a steady window. The baseline, measured just
/// before and just after in the same run, is the same 32-client loop sending the marketplace's own PUT straight to a
/// fake broker of the same kind. Figure = marketplace rate / mean baseline rate.
/// </summary>
internal static class P2Throughput
{
    private const int Clients = 32;
    private const double Bound = 0.40;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan BaselineWarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BaselineMeasured = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchRun run)
    {
        var result = new BenchResult("P2");
        await using var node = await MarketplaceNode.StartAsync(run, "p2", new Dictionary<string, string?>
        {
            ["Brokers:MaxConcurrentCallsPerConnection"] = Clients.ToString(CultureInfo.InvariantCulture),
        });
        await using var broker = await Setup.StartBrokerAsync();
        var offering = await Setup.RegisterBrokerAsync(await Setup.CreateTenantAsync(node, "p2"), broker);

        // One provision first: it warms the app up and shows the request the marketplace sends, which the baseline replays.
        var warmUp = new Counters();
        if (await ProvisionUntilFinalAsync(offering, warmUp, CancellationToken.None) is not true)
        {
            throw new InvalidOperationException($"The warm-up provision did not become ready: {warmUp.Describe()}");
        }

        var template = broker.RequestsFor(OsbOperation.Provision).Single();
        Progress.Write("P2", "baseline before");
        var before = await BaselineAsync(template);
        Progress.Write("P2", $"baseline before: {before.Loop.Describe()}; now the marketplace");
        var counters = new Counters();
        var marketplace = await ClosedLoop.RunAsync(Clients, WarmUp, Measured, (_, token) => ProvisionUntilFinalAsync(offering, counters, token));
        Progress.Write("P2", $"marketplace: {marketplace.Describe()}; baseline after");
        var after = await BaselineAsync(template);

        var baseline = (before.Loop.Rate + after.Loop.Rate) / 2;
        var ratio = baseline > 0 ? marketplace.Rate / baseline : 0;
        result.Verdict(ratio >= Bound, Format.Number(ratio, "0.0000"), $">= {Format.Number(Bound)}");
        result.Detail($"marketplace: {marketplace.Describe()} ready instances; {Clients} clients, warm-up {WarmUp.TotalSeconds:0} s, measured {Measured.TotalSeconds:0} s, poll every {PollInterval.TotalMilliseconds:0} ms");
        result.Detail($"  per second: {string.Join(' ', marketplace.PerSecond)}");
        result.Detail($"  POST provision answers: {counters.Posts.ByStatus()} ({counters.Posts.ByClass()}); only 202s that turned ready count");
        result.Detail($"  GET instance answers: {counters.Gets.ByStatus()} ({counters.Gets.ByClass()})");
        result.Detail($"  instances ending other than ready: {(counters.OtherStates.IsEmpty ? "none" : string.Join(' ', counters.OtherStates.GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}")))}");
        result.Detail($"  POST to ready (client side): {Statistics.Describe(counters.Latencies.ToArray())}");
        result.Detail($"baseline before: {before.Loop.Describe()} PUTs answered 201; answers {before.Statuses.ByStatus()}");
        result.Detail($"baseline after:  {after.Loop.Describe()} PUTs answered 201; answers {after.Statuses.ByStatus()}");
        result.Detail($"baseline mean: {Format.Rate(baseline)}; {Clients} clients, warm-up {BaselineWarmUp.TotalSeconds:0} s, measured {BaselineMeasured.TotalSeconds:0} s, PUT {template.Path}?accepts_incomplete=true with the marketplace's body ({template.Body.Length} bytes) and headers");
        result.Details(node.DescribeSettings().Select(s => "setting " + s));
        result.Details(node.DescribeLog());
        return [result];
    }

    /// <summary>POST a provision, then GET it every 20 ms until it is no longer creating; true when it became ready.</summary>
    private static async Task<bool> ProvisionUntilFinalAsync(Offering offering, Counters counters, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        ApiAnswer posted;
        try
        {
            posted = await offering.Member.PostAsync(offering.InstancesPath, offering.ProvisionBody($"p2-{Guid.NewGuid():N}"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            counters.Posts.NoAnswer();
            return false;
        }

        counters.Posts.Add(posted.Status);
        if (posted.Status != 202)
        {
            await Task.Delay(PollInterval, cancellationToken);
            return false;
        }

        var path = offering.InstancePath(posted.Json()["id"]!.GetValue<Guid>());
        while (true)
        {
            await Task.Delay(PollInterval, cancellationToken);
            ApiAnswer read;
            try
            {
                read = await offering.Member.GetAsync(path, cancellationToken);
            }
            catch (HttpRequestException)
            {
                counters.Gets.NoAnswer();
                continue;
            }

            counters.Gets.Add(read.Status);
            if (read.Status != 200)
            {
                continue;
            }

            var state = read.Json()["state"]!.GetValue<string>();
            if (state == "creating")
            {
                continue;
            }

            if (state == "ready")
            {
                counters.Latencies.Add(watch.Elapsed.TotalSeconds);
                return true;
            }

            counters.OtherStates.Add(state);
            return false;
        }
    }

    /// <summary>The same closed loop straight against a fresh fake broker: PUT a new instance with the marketplace's request.</summary>
    private static async Task<(LoopResult Loop, StatusCounts Statuses)> BaselineAsync(RecordedRequest template)
    {
        await using var broker = await Setup.StartBrokerAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = broker.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Setup.BrokerUsername}:{Setup.BrokerPassword}")));
        http.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
        if (template.Header("X-Broker-API-Originating-Identity") is { } originating)
        {
            http.DefaultRequestHeaders.Add("X-Broker-API-Originating-Identity", originating);
        }

        var statuses = new StatusCounts();
        using var forget = new CancellationTokenSource();
        var trim = TrimRecordingAsync(broker, forget.Token);
        var loop = await ClosedLoop.RunAsync(Clients, BaselineWarmUp, BaselineMeasured, async (_, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"v2/service_instances/{Guid.NewGuid()}?accepts_incomplete=true", UriKind.Relative))
            {
                Content = new StringContent(template.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Broker-API-Request-Identity", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request, token);
            await response.Content.ReadAsStringAsync(token);
            statuses.Add((int)response.StatusCode);
            return response.StatusCode == System.Net.HttpStatusCode.Created;
        });
        await forget.CancelAsync();
        await trim;
        return (loop, statuses);
    }

    /// <summary>The fake broker records every request; forget them every second so that memory stays flat.</summary>
    private static async Task TrimRecordingAsync(FakeOsbBroker broker, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                broker.Reset();
            }
        }
        catch (OperationCanceledException)
        {
            // done
        }
    }

    private sealed class Counters
    {
        public StatusCounts Posts { get; } = new();

        public StatusCounts Gets { get; } = new();

        public ConcurrentBag<string> OtherStates { get; } = [];

        public ConcurrentBag<double> Latencies { get; } = [];

        public string Describe() => $"POST {Posts.ByStatus()}, GET {Gets.ByStatus()}, other states {string.Join(',', OtherStates)}";
    }
}

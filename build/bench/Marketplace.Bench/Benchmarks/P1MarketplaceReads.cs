using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Marketplace.Bench.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Bench.Benchmarks;

/// <summary>
/// P1 marketplace reads at scale: one project sees 200 private brokers × 10 services × 5 plans (2,000 entries, 10,000
/// plans). 32 connections read the marketplace list page after page (pageSize 50, all 40 pages in turn) for a warm-up
/// and a measured window. The yardstick, in the same run: bare Kestrel (build/bench/EmptyApp with BENCH_PAGES, no
/// middleware) serving the very bytes the marketplace answered for those pages, loaded the same way, before and after
/// the marketplace, after an unmeasured round that warms it up. Figure = marketplace requests/s ÷ the mean of bare
/// Kestrel's two requests/s, bound ≥ 0.5, and the marketplace's p99 latency ≤ 25 ms. Every
/// marketplace answer must be 200 with the bytes of its page.
/// </summary>
internal static class P1MarketplaceReads
{
    private const int Brokers = 200;
    private const int ServicesPerBroker = 10;
    private const int PlansPerService = 5;
    private const int PageSize = 50;
    private const int Pages = Brokers * ServicesPerBroker / PageSize;
    private const int Connections = 32;
    private const double ThroughputBound = 0.5;
    private const double P99BoundSeconds = 0.025;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = new BenchResult("P1");
        await using var catalogs = await StartCatalogServerAsync();
        await using var node = await MarketplaceNode.StartAsync(run, "p1");
        var tenant = await Setup.CreateTenantAsync(node, "p1");
        var watch = Stopwatch.StartNew();
        for (var b = 0; b < Brokers; b++)
        {
            var identifier = Setup.Unique("p1");
            (await tenant.CustomerAdmin.PostAsync("/api/brokers", new
            {
                customerId = tenant.CustomerId,
                name = $"Broker {b:D3}",
                identifier,
                endpoint = $"{catalogs.Urls.First()}/b{b}",
                username = Setup.BrokerUsername,
                password = Setup.BrokerPassword,
                developmentMode = true,
            })).Expect(201);
        }

        (await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/private-{tenant.CustomerIdentifier}")).Expect(204);
        Progress.Write("P1", $"{Brokers} brokers registered in {Format.Seconds(watch.Elapsed)}; reading the {Pages} pages once");

        var listPath = $"/api/projects/{tenant.ProjectId}/marketplace/services?pageSize={PageSize}&page=";
        var pagesFolder = run.DataDirectory("p1-pages");
        var pages = new byte[Pages + 1][];
        using var reader = Reader();
        var token = tenant.Member.Token;
        for (var page = 1; page <= Pages; page++)
        {
            using var response = await reader.SendAsync(Get(node.BaseAddress, listPath + page, token));
            pages[page] = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK || JsonNode.Parse(pages[page])!["items"]!.AsArray().Count != PageSize)
            {
                throw new InvalidOperationException($"Page {page} of the marketplace is not {PageSize} entries: {(int)response.StatusCode}");
            }

            await File.WriteAllBytesAsync(Path.Combine(pagesFolder, $"page-{page}.json"), pages[page]);
        }

        await using var bare = await DllProcess.StartAsync(
            run.OutputDll("build/bench/EmptyApp", "EmptyApp"), new Dictionary<string, string?> { ["BENCH_PAGES"] = pagesFolder }, "?page=1", TimeSpan.FromMilliseconds(50));
        Progress.Write("P1", $"bare Kestrel serving the same pages: {Connections} connections for {Format.Seconds(WarmUp + Measured)}");
        // Bare Kestrel before and after the marketplace, so that a drift of the machine during the run weighs on both sides;
        // first one unmeasured round, because the marketplace too is warm from the set-up (JIT, tiered compilation).
        await LoadAsync(reader, bare.BaseAddress, "?page=", token, pages);
        var before = await LoadAsync(reader, bare.BaseAddress, "?page=", token, pages);
        Progress.Write("P1", $"bare Kestrel: {before.Loop.Describe()}; now the marketplace");
        var marketplace = await LoadAsync(reader, node.BaseAddress, listPath, token, pages);
        Progress.Write("P1", $"marketplace: {marketplace.Loop.Describe()}; now bare Kestrel again");
        var after = await LoadAsync(reader, bare.BaseAddress, "?page=", token, pages);
        Progress.Write("P1", $"bare Kestrel: {after.Loop.Describe()}");
        var yardstickRate = (before.Loop.Rate + after.Loop.Rate) / 2;

        var ratio = marketplace.Loop.Rate / yardstickRate;
        var p99 = Statistics.Percentile(marketplace.Latencies, 99);
        result.Verdict(
            ratio >= ThroughputBound && p99 <= P99BoundSeconds && marketplace.Wrong == 0 && before.Wrong == 0 && after.Wrong == 0,
            Format.Number(ratio),
            $">= {Format.Number(ThroughputBound, "0.0")} x bare Kestrel and p99 <= {P99BoundSeconds * 1000:0} ms; p99 {p99 * 1000:0.0} ms, {marketplace.Wrong} wrong answers");
        result.Detail($"marketplace:  {marketplace.Loop.Describe()}; latency {Statistics.Describe(marketplace.Latencies)}; answers {marketplace.Statuses.ByStatus()}");
        result.Detail($"bare Kestrel before: {before.Loop.Describe()}; latency {Statistics.Describe(before.Latencies)}; answers {before.Statuses.ByStatus()}");
        result.Detail($"bare Kestrel after:  {after.Loop.Describe()}; latency {Statistics.Describe(after.Latencies)}; answers {after.Statuses.ByStatus()}");
        result.Detail($"yardstick: the mean of the two, {Format.Rate(yardstickRate)}");
        foreach (var (name, load) in new[] { ("marketplace", marketplace), ("bare Kestrel before", before), ("bare Kestrel after", after) })
        {
            if (load.FirstWrong is { } first)
            {
                result.Detail($"{name}: first wrong answer: {first}");
            }
        }

        result.Detail($"data: {Brokers} private brokers x {ServicesPerBroker} services x {PlansPerService} plans seen by one project; {Pages} pages of {PageSize}, {pages.Skip(1).Average(p => p.Length):0} bytes on average, read in turn by {Connections} connections (warm-up {WarmUp.TotalSeconds:0} s, measured {Measured.TotalSeconds:0} s)");
        result.Details(node.DescribeSettings().Select(s => "setting " + s));
        result.Details(node.DescribeLog());
        return [result];
    }

    /// <summary>A closed loop of <see cref="Connections"/> readers over all pages; answers rate, latencies (of the measured window) and wrong answers.</summary>
    private static async Task<LoadResult> LoadAsync(HttpClient reader, Uri server, string path, string token, byte[][] pages)
    {
        var latencies = new ConcurrentQueue<double>();
        var statuses = new StatusCounts();
        var wrong = 0;
        string? firstWrong = null;
        var clock = Stopwatch.StartNew();
        var next = 0;
        var loop = await ClosedLoop.RunAsync(Connections, WarmUp, Measured, async (_, cancellationToken) =>
        {
            var page = (Interlocked.Increment(ref next) % Pages) + 1;
            var started = clock.Elapsed;
            using var response = await reader.SendAsync(Get(server, path + page, token), cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            statuses.Add((int)response.StatusCode);
            if (clock.Elapsed >= WarmUp)
            {
                latencies.Enqueue((clock.Elapsed - started).TotalSeconds);
            }

            if (response.StatusCode != HttpStatusCode.OK || !body.AsSpan().SequenceEqual(pages[page]))
            {
                Interlocked.CompareExchange(ref firstWrong, $"page {page}: {(int)response.StatusCode}, {body.Length} bytes instead of {pages[page].Length}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(300, body.Length)))}", null);
                Interlocked.Increment(ref wrong);
                return false;
            }

            return true;
        });
        return new LoadResult(loop, latencies.ToList(), statuses, wrong, firstWrong);
    }

    private static HttpRequestMessage Get(Uri server, string pathAndQuery, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static HttpClient Reader() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// The brokers: broker b's catalog at /b{b}/v2/catalog (credentials are not checked). One server with a catalog per
    /// path, not the fake broker with one catalog, because the background refreshes that run during the benchmark must
    /// find each broker's catalog unchanged.
    /// </summary>
    private static async Task<WebApplication> StartCatalogServerAsync()
    {
        var catalogs = Enumerable.Range(0, Brokers).Select(b => Catalog(b).ToJsonString()).ToArray();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/b{broker:int}/v2/catalog", (int broker) =>
            broker >= 0 && broker < catalogs.Length ? Results.Text(catalogs[broker], "application/json") : Results.NotFound());
        await app.StartAsync();
        return app;
    }

    /// <summary>Broker <paramref name="b"/>'s catalog: 10 services of 5 plans, names unique across brokers, so every page's order is fixed.</summary>
    private static JsonObject Catalog(int b) => new()
    {
        ["services"] = new JsonArray([.. Enumerable.Range(0, ServicesPerBroker).Select(s => (JsonNode)new JsonObject
        {
            ["id"] = $"service-{b:D3}-{s:D2}",
            ["name"] = $"service-{s:D2}-of-broker-{b:D3}",
            ["description"] = $"Service {s} of broker {b}, one of {Brokers * ServicesPerBroker} in the P1 marketplace",
            ["bindable"] = true,
            ["tags"] = new JsonArray("bench", $"group-{s}"),
            ["metadata"] = new JsonObject { ["displayName"] = $"Service {s} of broker {b}", ["provider"] = new JsonObject { ["name"] = "P1 Inc." } },
            ["plans"] = new JsonArray([.. Enumerable.Range(0, PlansPerService).Select(p => (JsonNode)new JsonObject
            {
                ["id"] = $"plan-{b:D3}-{s:D2}-{p}",
                ["name"] = $"plan-{p}",
                ["description"] = $"Plan {p}",
                ["free"] = p == 0,
            })]),
        })]),
    };

    private sealed record LoadResult(LoopResult Loop, List<double> Latencies, StatusCounts Statuses, int Wrong, string? FirstWrong);
}

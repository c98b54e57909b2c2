using Marketplace.Bench.Infrastructure;

namespace Marketplace.Bench.Benchmarks;

/// <summary>
/// P5 start-up: from process start to the first 200 of <c>/health/ready</c>, for the marketplace on an existing, migrated
/// database and for an empty ASP.NET Core app (build/bench/EmptyApp), both started the same way
/// (<c>dotnet &lt;dll&gt; --urls http://127.0.0.1:&lt;port&gt;</c>, same environment, working directory = the dll's folder),
/// alternating, 7 runs each. Figure = median(marketplace) / median(empty app).
/// </summary>
internal static class P5Startup
{
    private const int Runs = 7;
    private const double Bound = 2.0;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = new BenchResult("P5");

        // Start the marketplace once through AppProcess: it creates and migrates the database the timed starts open.
        await using var node = await MarketplaceNode.StartAsync(run, "p5");
        if (await node.Admin.GetAsync("/health/ready") is { Status: not 200 } notReady)
        {
            throw new InvalidOperationException($"The first start is not ready: {notReady}");
        }

        node.Kill();

        var marketplaceDll = run.OutputDll("src/Api", "Marketplace.Api");
        var emptyDll = run.OutputDll("build/bench/EmptyApp", "EmptyApp");
        var environment = new Dictionary<string, string?>(node.Settings) { ["ASPNETCORE_ENVIRONMENT"] = "Testing" };
        var marketplace = new List<double>();
        var empty = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            // Alternate which goes first, so that neither always starts right after the other one's exit.
            if (i % 2 == 0)
            {
                empty.Add((await TimeStartAsync(emptyDll, environment)).TotalSeconds);
                marketplace.Add((await TimeStartAsync(marketplaceDll, environment)).TotalSeconds);
            }
            else
            {
                marketplace.Add((await TimeStartAsync(marketplaceDll, environment)).TotalSeconds);
                empty.Add((await TimeStartAsync(emptyDll, environment)).TotalSeconds);
            }

            Progress.Write("P5", $"run {i + 1}: marketplace {Format.Seconds(marketplace[^1])}, empty app {Format.Seconds(empty[^1])}");
        }

        var ratio = Statistics.Median(marketplace) / Statistics.Median(empty);
        result.Verdict(ratio <= Bound, Format.Number(ratio), $"<= {Format.Number(Bound, "0.0")}");
        result.Detail($"marketplace: median {Format.Seconds(Statistics.Median(marketplace))}; runs {string.Join(' ', marketplace.Select(Format.Seconds))}");
        result.Detail($"empty app:   median {Format.Seconds(Statistics.Median(empty))}; runs {string.Join(' ', empty.Select(Format.Seconds))}");
        result.Detail($"started as: dotnet <dll> --urls http://127.0.0.1:<free port>, working directory the dll's folder, the same environment for both; /health/ready probed every {ProbeInterval.TotalMilliseconds:0} ms");
        result.Detail($"database: {node.DatabaseFile} (created and migrated by a first start)");
        result.Details(node.DescribeSettings().Select(s => "setting " + s));
        return [result];
    }

    /// <summary>Starts <paramref name="dll"/>, probes /health/ready until it answers 200, kills it; answers the time from start to that 200.</summary>
    private static async Task<TimeSpan> TimeStartAsync(string dll, IReadOnlyDictionary<string, string?> environment)
    {
        await using var started = await DllProcess.StartAsync(dll, environment, "/health/ready", ProbeInterval);
        return started.ReadyAfter;
    }
}

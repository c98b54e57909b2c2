using System.Diagnostics;
using Marketplace.Bench.Benchmarks;
using Marketplace.Bench.Infrastructure;

namespace Marketplace.Bench;

/// <summary>
/// Runs the benchmarks named on the command line (all when none), one after the other, each against its own marketplace
/// process. Every benchmark prints exactly one line <c>PASS|FAIL &lt;id&gt; &lt;figure&gt; (bound &lt;bound&gt;)</c> on stdout, then
/// indented details; progress goes to stderr. Exits 1 when anything failed, 2 on unknown ids.
/// </summary>
internal static class BenchProgram
{
    private static readonly IReadOnlyList<Benchmark> All =
    [
        new("P1", "marketplace reads: list pages of 2,000 entries at 32 connections vs bare Kestrel", ["P1"], P1MarketplaceReads.RunAsync),
        new("P2", "throughput: provisions until ready per second vs the fake broker alone", ["P2"], P2Throughput.RunAsync),
        new("P3", "catalog at scale: register and refresh 1,000 services x 10 plans", ["P3-register", "P3-refresh"], P3CatalogAtScale.RunAsync),
        new("P4", "scale: 10,000 asynchronous provisions on 10 brokers", ["P4"], run => P4Scale.RunAsync(run, restart: false)),
        new("P4-restart", "scale with a killed and restarted node", ["P4-restart"], run => P4Scale.RunAsync(run, restart: true)),
        new("P5", "start-up vs an empty ASP.NET Core app", ["P5"], P5Startup.RunAsync),
        new("P6", "time to ready after the broker finished", P6TimeToReady.Ids, P6TimeToReady.RunAsync),
        new("P7", "noisy neighbour", ["P7"], P7NoisyNeighbour.RunAsync),
        new("LOAD", "200 clients of mixed work against a steady and a flaky broker", ["LOAD"], LoadMixed.RunAsync),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var selected = new List<Benchmark>();
        foreach (var id in args)
        {
            var match = All.FirstOrDefault(b => b.Ids.Contains(id, StringComparer.OrdinalIgnoreCase) || string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                await Console.Error.WriteLineAsync($"Unknown benchmark '{id}'. Known: {string.Join(", ", All.SelectMany(b => b.Ids).Distinct())}");
                return 2;
            }

            if (!selected.Contains(match))
            {
                selected.Add(match);
            }
        }

        if (selected.Count == 0)
        {
            selected.AddRange(All);
        }

        using var signals = ChildProcesses.KillOnTermination();
        var run = BenchRun.Create();
        var total = Stopwatch.StartNew();
        Progress.Write("bench", $"running {string.Join(", ", selected.Select(b => b.Id))}; app logs in {run.Folder}");
        var failed = 0;
        var passed = 0;
        foreach (var benchmark in selected)
        {
            var watch = Stopwatch.StartNew();
            var loadBefore = Machine.LoadAverage();
            Progress.Write(benchmark.Id, $"start: {benchmark.Title} (load average {loadBefore})");
            IReadOnlyList<BenchResult> results;
            var lag = new LagMonitor();
            try
            {
                results = await benchmark.Run(run);
            }
#pragma warning disable CA1031 // a benchmark that breaks is a FAIL line with the reason, and the others still run
            catch (Exception e)
#pragma warning restore CA1031
            {
                results = benchmark.Ids.Select(id => BenchResult.Broken(id, e)).ToList();
            }
            finally
            {
                await lag.DisposeAsync();
            }

            foreach (var result in results)
            {
                result.Detail(lag.Describe());
                result.Detail($"benchmark wall time {watch.Elapsed.TotalSeconds:0} s; machine: {Environment.ProcessorCount} cores, load average (1/5/15 min) at start {loadBefore}, at end {Machine.LoadAverage()}");
                result.Print(Console.Out);
                await Console.Out.FlushAsync();
                if (result.Passed)
                {
                    passed++;
                }
                else
                {
                    failed++;
                }
            }
        }

        Progress.Write("bench", $"{passed} passed, {failed} failed in {total.Elapsed.TotalMinutes:0.0} min; app logs in {run.Folder}");
        run.Clean();
        return failed == 0 ? 0 : 1;
    }

    private sealed record Benchmark(string Id, string Title, IReadOnlyList<string> Ids, Func<BenchRun, Task<IReadOnlyList<BenchResult>>> Run);
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// A closed-loop load: <c>clients</c> loops each run one iteration after the other for a warm-up and a measured window.
/// An iteration that answers true completed one unit of work; only completions inside the measured window count.
/// At the end of the window the loops are cancelled (an iteration in flight is abandoned).
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoopResult> RunAsync(int clients, TimeSpan warmUp, TimeSpan measured, Func<int, CancellationToken, Task<bool>> iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        using var stop = new CancellationTokenSource(warmUp + measured);
        var watch = Stopwatch.StartNew();
        var inWindow = 0;
        var total = 0;
        var completions = new ConcurrentQueue<double>();
        var loops = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                bool completed;
                try
                {
                    completed = await iteration(client, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }

                if (!completed)
                {
                    continue;
                }

                Interlocked.Increment(ref total);
                var at = watch.Elapsed;
                completions.Enqueue(at.TotalSeconds);
                if (at >= warmUp && at < warmUp + measured)
                {
                    Interlocked.Increment(ref inWindow);
                }
            }
        })).ToList();
        await Task.WhenAll(loops);
        return new LoopResult(inWindow, total, measured, PerSecondOfWindow(completions, warmUp, measured));
    }

    /// <summary>Completions per whole second of the measured window, to show whether the rate was steady.</summary>
    private static int[] PerSecondOfWindow(IEnumerable<double> completions, TimeSpan warmUp, TimeSpan measured)
    {
        var seconds = new int[(int)Math.Ceiling(measured.TotalSeconds)];
        foreach (var at in completions)
        {
            var second = (int)Math.Floor(at - warmUp.TotalSeconds);
            if (second >= 0 && second < seconds.Length)
            {
                seconds[second]++;
            }
        }

        return seconds;
    }
}

/// <summary>Completions inside the measured window, in all, and per second of the window.</summary>
internal sealed record LoopResult(int InWindow, int Total, TimeSpan Measured, IReadOnlyList<int> PerSecond)
{
    public double Rate => InWindow / Measured.TotalSeconds;

    public string Describe() =>
        $"{Format.Rate(Rate)} ({InWindow} in {Measured.TotalSeconds:0} s; {Total} in all; per second min={PerSecond.DefaultIfEmpty().Min()} max={PerSecond.DefaultIfEmpty().Max()})";
}

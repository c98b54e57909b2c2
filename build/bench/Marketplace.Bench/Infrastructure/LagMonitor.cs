using System.Collections.Concurrent;
using System.Diagnostics;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// Watches this process's own scheduling: a timer that should fire every 100 ms records how late it fires. The fake
/// brokers and the clients live in this process, so a large lag here would mean the bench itself was too busy to answer
/// or to send, and a figure would say more about the bench than about the marketplace.
/// </summary>
internal sealed class LagMonitor : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentQueue<double> _lags = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LagMonitor() => _loop = Task.Run(LoopAsync);

    public string Describe()
    {
        var lags = _lags.ToArray();
        return lags.Length == 0
            ? "bench process scheduling lag: no samples"
            : $"bench process scheduling lag (a 100 ms timer firing late): p50={Format.Seconds(Statistics.Percentile(lags, 50))} p99={Format.Seconds(Statistics.Percentile(lags, 99))} max={Format.Seconds(lags.Max())}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var watch = new Stopwatch();
        while (!_stop.IsCancellationRequested)
        {
            watch.Restart();
            try
            {
                await Task.Delay(Period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _lags.Enqueue(Math.Max(0, (watch.Elapsed - Period).TotalSeconds));
        }
    }
}

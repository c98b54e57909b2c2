using System.Threading.Channels;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>
/// Wakes this node's dispatcher when work was just committed here (a provision, a refresh request), so it starts at
/// once instead of at the next pass. Other nodes find it on their next pass; nothing depends on the signal.
/// </summary>
internal sealed class BrokerWorkSignal
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _signals.Writer.TryWrite(true);

    /// <summary>Waits until woken or <paramref name="timeout"/> passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _signals.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the interval passed without a signal
        }
    }
}

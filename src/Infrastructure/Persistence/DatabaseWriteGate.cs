namespace Marketplace.Infrastructure.Persistence;

/// <summary>
/// Lets one write at a time into SQLite from this process, waiting asynchronously. SQLite has a single writer; without
/// the gate, concurrent writers (API requests and the broker work dispatcher's lanes) find the database locked and wait
/// inside SQLite with a blocked thread — enough of them starve the thread pool, and an instant broker's answer then
/// looks like a timeout. With the gate a writer awaits its turn and no thread blocks. Writes from another process on
/// the same file (a second node) still wait in SQLite (<see cref="SqliteConnectionSettings"/>' busy timeout). On SQL
/// Server, which locks rows, the gate lets everything through.
/// </summary>
internal sealed class DatabaseWriteGate
{
    private readonly SemaphoreSlim? _gate;

    public DatabaseWriteGate(bool serializeWrites) => _gate = serializeWrites ? new SemaphoreSlim(1, 1) : null;

    /// <summary>Waits for this process's turn to write; dispose the answer when the write (its transaction) is done.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        if (_gate is null)
        {
            return default;
        }

        await _gate.WaitAsync(cancellationToken);
        return new Turn(_gate);
    }

    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}

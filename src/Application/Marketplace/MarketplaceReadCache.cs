using System.Collections.Concurrent;

namespace Marketplace.Application.Marketplace;

/// <summary>
/// P1: what this process already knows about the marketplace at one value of the marketplace version
/// (<see cref="Common.Ports.IMarketplaceVersion"/>): each project's sorted listing, who may read which project, and the
/// bytes of answered pages. A request reads the version first and takes the cache only when it is that value, so a
/// write through any node, which moves the version in its own transaction, shows in the next read (ADR 0009). A
/// listing is built once per version and project; requests for it that arrive meanwhile wait for that build instead of
/// starting their own. Memory is bounded per version: past a bound, answers are computed and not kept.
/// </summary>
public sealed class MarketplaceReadCache
{
    /// <summary>Listings hold shared entries (one object per service and location), so a listing costs a reference per entry.</summary>
    private const int MaxListings = 4_096;
    private const int MaxReaderDecisions = 100_000;

    /// <summary>Any query string makes a new key, so the pages are bounded by their bytes.</summary>
    private const long MaxPageBytes = 64L * 1024 * 1024;

    private Snapshot _current = new(-1);

    public async ValueTask<IReadOnlyList<MarketplaceServiceDto>> ListingAsync(
        long version, Guid projectId, Func<CancellationToken, Task<IReadOnlyList<MarketplaceServiceDto>>> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        var snapshot = SnapshotOf(version);
        if (!snapshot.Listings.ContainsKey(projectId) && snapshot.Listings.Count >= MaxListings)
        {
            return await BuildAsync(snapshot, build, cancellationToken);
        }

        while (true)
        {
            // One build per project and version; others wait for it. Lazy, because GetOrAdd may run a factory twice.
            var pending = snapshot.Listings.GetOrAdd(
                projectId, _ => new Lazy<Task<IReadOnlyList<MarketplaceServiceDto>>>(() => BuildAsync(snapshot, build, cancellationToken)));
            try
            {
                return await pending.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && pending.Value.IsCompleted)
            {
                // The build failed or its own request went away: forget it, and build again (this request's turn).
                snapshot.Listings.TryRemove(new KeyValuePair<Guid, Lazy<Task<IReadOnlyList<MarketplaceServiceDto>>>>(projectId, pending));
                if (pending.Value.IsFaulted && pending.Value.Exception!.InnerException is not OperationCanceledException)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>The same service at the same location is the same entry in every project's listing: kept once.</summary>
    private static async Task<IReadOnlyList<MarketplaceServiceDto>> BuildAsync(
        Snapshot snapshot, Func<CancellationToken, Task<IReadOnlyList<MarketplaceServiceDto>>> build, CancellationToken cancellationToken) =>
        (await build(cancellationToken)).Select(e => snapshot.Entries.GetOrAdd((e.ServiceId, e.Location), e)).ToArray();

    /// <summary>Whether <paramref name="userId"/> may read the project, as decided at this version, or null when not known yet.</summary>
    public bool? MayRead(long version, string userId, Guid projectId) =>
        SnapshotOf(version).Readers.TryGetValue((userId, projectId), out var may) ? may : null;

    public void RememberMayRead(long version, string userId, Guid projectId, bool may)
    {
        var readers = SnapshotOf(version).Readers;
        if (readers.Count < MaxReaderDecisions)
        {
            readers[(userId, projectId)] = may;
        }
    }

    /// <summary>
    /// The bytes of the answer to <paramref name="key"/> (a URL) at this version; made by <paramref name="serialize"/>
    /// when not known (perhaps twice under a race: it must depend on the key and the version only).
    /// </summary>
    public byte[] PageBytes(long version, string key, Func<byte[]> serialize)
    {
        ArgumentNullException.ThrowIfNull(serialize);
        var snapshot = SnapshotOf(version);
        if (snapshot.Pages.TryGetValue(key, out var known))
        {
            return known;
        }

        var bytes = serialize();
        if (Interlocked.Add(ref snapshot.PageBytes, bytes.Length) <= MaxPageBytes)
        {
            snapshot.Pages[key] = bytes;
        }

        return bytes;
    }

    /// <summary>The snapshot of <paramref name="version"/>: the current one, a new current one, or (for a request that read an older value) a throwaway.</summary>
    private Snapshot SnapshotOf(long version)
    {
        var current = Volatile.Read(ref _current);
        if (current.Version == version)
        {
            return current;
        }

        var fresh = new Snapshot(version);
        if (current.Version > version)
        {
            return fresh;
        }

        var won = Interlocked.CompareExchange(ref _current, fresh, current);
        return ReferenceEquals(won, current) ? fresh : SnapshotOf(version);
    }

    private sealed class Snapshot(long version)
    {
#pragma warning disable CA1051 // a field, for Interlocked
        public long PageBytes;
#pragma warning restore CA1051

        public long Version { get; } = version;

        public ConcurrentDictionary<(Guid ServiceId, string Location), MarketplaceServiceDto> Entries { get; } = new();

        public ConcurrentDictionary<Guid, Lazy<Task<IReadOnlyList<MarketplaceServiceDto>>>> Listings { get; } = new();

        public ConcurrentDictionary<(string UserId, Guid ProjectId), bool> Readers { get; } = new();

        public ConcurrentDictionary<string, byte[]> Pages { get; } = new();
    }
}

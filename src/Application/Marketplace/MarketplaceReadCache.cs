using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Application.Marketplace;

/// <summary>
/// P1: what this process already knows about the marketplace at one value of the marketplace version
/// (<see cref="Common.Ports.IMarketplaceVersion"/>): each project's sorted listing, who may read which project, and the
/// bytes of answered pages. A request reads the version first and takes the cache only when it is that value, so a
/// write through any node, which moves the version in its own transaction, shows in the next read (ADR 0009).
/// <para>
/// A listing is built once per version and project, in a scope of its own (not the asking request's, which may go away
/// while others wait for the build). Memory is bounded per version by what is kept, not by how many keys: past a bound,
/// answers are computed and not kept.
/// </para>
/// </summary>
public sealed class MarketplaceReadCache(IServiceScopeFactory scopes)
{
    /// <summary>References to shared entries (one object per service and location) over all listings of a version.</summary>
    private const long MaxListedEntries = 4_000_000;

    /// <summary>Only "may read" is kept: a "may not" for a made-up project id would let anyone fill the cache.</summary>
    private const int MaxReaders = 100_000;

    private const long MaxPageBytes = 64L * 1024 * 1024;

    /// <summary>A build runs for every request waiting on it, so none of theirs can cancel it; this bounds it.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(60);

    private Snapshot _current = new(-1);

    public async ValueTask<IReadOnlyList<MarketplaceServiceDto>> ListingAsync(long version, Guid projectId, CancellationToken cancellationToken)
    {
        var snapshot = SnapshotOf(version);
        if (snapshot.Listings.TryGetValue(projectId, out var known))
        {
            return await known.Value.WaitAsync(cancellationToken);
        }

        if (Interlocked.Read(ref snapshot.ListedEntries) >= MaxListedEntries)
        {
            return await BuildAsync(snapshot, projectId, cancellationToken);
        }

        // One build per project and version; others wait for it. Lazy, because GetOrAdd may run a factory twice.
        var pending = snapshot.Listings.GetOrAdd(projectId, _ => new Lazy<Task<IReadOnlyList<MarketplaceServiceDto>>>(() => BuildOnceAsync(snapshot, projectId)));
        try
        {
            return await pending.Value.WaitAsync(cancellationToken);
        }
        catch when (pending.Value.IsFaulted)
        {
            // Not kept: the next request builds again.
            snapshot.Listings.TryRemove(new KeyValuePair<Guid, Lazy<Task<IReadOnlyList<MarketplaceServiceDto>>>>(projectId, pending));
            throw;
        }
    }

    /// <summary>True when <paramref name="userId"/> was found, at this version, to be allowed to read the project.</summary>
    public bool MayRead(long version, string userId, Guid projectId) => SnapshotOf(version).Readers.ContainsKey((userId, projectId));

    public void RememberMayRead(long version, string userId, Guid projectId)
    {
        var snapshot = SnapshotOf(version);
        if (Interlocked.Increment(ref snapshot.ReaderCount) <= MaxReaders)
        {
            snapshot.Readers.TryAdd((userId, projectId), true);
        }
    }

    /// <summary>
    /// The bytes of the answer to <paramref name="key"/> (the parsed request, not its raw URL) at this version; made by
    /// <paramref name="serialize"/> when not known (perhaps twice under a race: it must depend on the key and version only).
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
            snapshot.Pages.TryAdd(key, bytes);
        }

        return bytes;
    }

    private async Task<IReadOnlyList<MarketplaceServiceDto>> BuildOnceAsync(Snapshot snapshot, Guid projectId)
    {
        using var timeout = new CancellationTokenSource(BuildTimeout);
        var listing = await BuildAsync(snapshot, projectId, timeout.Token);
        Interlocked.Add(ref snapshot.ListedEntries, listing.Count);
        return listing;
    }

    /// <summary>The same service at the same location is the same entry in every project's listing: kept once.</summary>
    private async Task<IReadOnlyList<MarketplaceServiceDto>> BuildAsync(Snapshot snapshot, Guid projectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<VisibleServices>().ListForProjectAsync(projectId, cancellationToken);
        return entries.Select(e => snapshot.Entries.GetOrAdd((e.ServiceId, e.Location), e)).ToArray();
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
#pragma warning disable CA1051 // fields, for Interlocked: ConcurrentDictionary.Count takes every lock
        public long ListedEntries;
        public long PageBytes;
        public int ReaderCount;
#pragma warning restore CA1051

        public long Version { get; } = version;

        public ConcurrentDictionary<(Guid ServiceId, string Location), MarketplaceServiceDto> Entries { get; } = new();

        public ConcurrentDictionary<Guid, Lazy<Task<IReadOnlyList<MarketplaceServiceDto>>>> Listings { get; } = new();

        public ConcurrentDictionary<(string UserId, Guid ProjectId), bool> Readers { get; } = new();

        public ConcurrentDictionary<string, byte[]> Pages { get; } = new();
    }
}

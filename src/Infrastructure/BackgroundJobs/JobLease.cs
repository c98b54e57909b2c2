namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// A row that one process holds while it works on a key (e.g. one connection's catalog refresh), so that
/// several nodes sharing the database never do the same work at once. Expiry frees it after a crash.
/// </summary>
internal sealed class JobLease
{
    public required string Key { get; init; }

    public required string Holder { get; set; }

    /// <summary>UTC ticks: comparable in SQL on every provider (SQLite cannot compare DateTimeOffset).</summary>
    public long ExpiresAtUtcTicks { get; set; }
}

using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>
/// Per-connection SQLite settings, applied once per physical connection (EF Core opens a pooled connection for every
/// query, and the settings outlive that: running them again would cost four statements per query):
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer that finds the database locked waits inside SQLite (sleeping 1, 2, 5 … ms)
/// instead of getting SQLITE_BUSY, on which Microsoft.Data.Sqlite would sleep 150 ms at a time — under concurrent
/// writes (API requests and the broker work dispatcher's lanes) that sleep was most of the marketplace's latency;</item>
/// <item><c>synchronous = NORMAL</c>: in WAL mode a commit no longer waits for an fsync of the log (only checkpoints
/// do). A committed transaction survives the process being killed; only a power loss or an OS crash can lose the last
/// ones. SQLite is the embedded default, not the production store (SQL Server).</item>
/// <item><c>cache_size</c>: 8 MB of page cache instead of 2 MB, so that one query over the operations table under
/// load (P4) does not evict the pages of the next. Memory mapping (<c>mmap_size</c>) is off on purpose: while the file
/// grows, every read transaction unmapped and remapped it, and P4 measured 20 % more CPU per broker call with it.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -8192;";

    /// <summary>The native connections already set up; an entry goes when its connection is collected.</summary>
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>True the first time this physical connection (the pooled native handle) is seen.</summary>
    private bool IsNew(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);
    }
}

using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>
/// One row: a counter that every save changing what a project may see or who may see it goes up by one, in the same
/// transaction (ADR 0009). Every node reads it on each marketplace request and keeps its cached listings only while it
/// is unchanged, so a write through any node shows in the next read through any other.
/// </summary>
internal sealed class MarketplaceVersionRow
{
    public const int SingleId = 1;

    public int Id { get; private set; }

    public long Value { get; private set; }
}

internal sealed class MarketplaceVersionConfiguration : IEntityTypeConfiguration<MarketplaceVersionRow>
{
    public void Configure(EntityTypeBuilder<MarketplaceVersionRow> builder)
    {
        builder.ToTable("MarketplaceVersion");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasData(new { Id = MarketplaceVersionRow.SingleId, Value = 0L });
    }
}

/// <summary>Reads the counter once per request (scope) and says which saves move it.</summary>
internal sealed class MarketplaceVersion(MarketplaceVersionReader reader) : IMarketplaceVersion
{
    private long? _read;

    public async ValueTask<long> CurrentAsync(CancellationToken cancellationToken) => _read ??= await reader.ReadAsync(cancellationToken);

    /// <summary>
    /// Whether the tracked changes alter a marketplace listing or a project's readers: catalogs coming or going, their
    /// services and plans, publications, brokers, locations, customers (their admins) and projects (members, locations).
    /// A refresh that only records its status, health and broker work do not count.
    /// </summary>
    public static bool ChangedBy(ChangeTracker tracker) => tracker.Entries().Any(e => e.State switch
    {
        EntityState.Added or EntityState.Deleted => Counts(e, catalogToo: true),
        EntityState.Modified => Counts(e, catalogToo: false),
        _ => false,
    });

    public static Task BumpAsync(MarketplaceDbContext db, CancellationToken cancellationToken) =>
        db.Set<MarketplaceVersionRow>().Where(v => v.Id == MarketplaceVersionRow.SingleId)
            .ExecuteUpdateAsync(v => v.SetProperty(x => x.Value, x => x.Value + 1), cancellationToken);

    private static bool Counts(EntityEntry entry, bool catalogToo)
    {
        var type = entry.Metadata.IsOwned() ? entry.Metadata.FindOwnership()!.PrincipalEntityType.ClrType : entry.Metadata.ClrType;
        return type == typeof(ServiceOffering) || type == typeof(ServicePlan) || type == typeof(Publication) || type == typeof(ServiceBroker)
            || type == typeof(Location) || type == typeof(Customer) || type == typeof(Project)
            || (catalogToo && type == typeof(ConnectionCatalog));
    }
}

/// <summary>
/// Reads the counter on every marketplace request, so it costs what the database needs and no more: P1's profile had
/// SQLite parsing the statement and EF around that one read at a fifth of the request's CPU. On SQLite a few
/// connections of its own keep the statement prepared (at most <see cref="MaxIdle"/> wait between reads); on SQL Server
/// (<paramref name="keepConnections"/> false) each read takes a connection from ADO.NET's pool and gives it back. A read
/// that fails on a kept connection is tried once more on a new one.
/// </summary>
internal sealed class MarketplaceVersionReader(Func<DbConnection> connect, string? setUp, bool keepConnections) : IDisposable
{
    private const string Sql = "SELECT \"Value\" FROM \"MarketplaceVersion\" WHERE \"Id\" = 1";
    private const int MaxIdle = 8;
    private readonly ConcurrentQueue<Reader> _idle = new();

    public async Task<long> ReadAsync(CancellationToken cancellationToken)
    {
        if (_idle.TryDequeue(out var kept))
        {
            try
            {
                return await ReadAndKeepAsync(kept, cancellationToken);
            }
            catch (DbException)
            {
                // The connection broke (a restarted server, a closed file): a new one below.
            }
        }

        return await ReadAndKeepAsync(await OpenAsync(cancellationToken), cancellationToken);
    }

    public void Dispose()
    {
        while (_idle.TryDequeue(out var reader))
        {
            reader.Dispose();
        }
    }

    private async Task<long> ReadAndKeepAsync(Reader reader, CancellationToken cancellationToken)
    {
        var keep = false;
        try
        {
            var value = Convert.ToInt64(await reader.Command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            keep = keepConnections && _idle.Count < MaxIdle;
            return value;
        }
        finally
        {
            if (keep)
            {
                _idle.Enqueue(reader);
            }
            else
            {
                reader.Dispose();
            }
        }
    }

    private async Task<Reader> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = connect();
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (setUp is not null)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = setUp;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var read = connection.CreateCommand();
            read.CommandText = Sql;
            return new Reader(connection, read);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed record Reader(DbConnection Connection, DbCommand Command) : IDisposable
    {
        public void Dispose()
        {
            Command.Dispose();
            Connection.Dispose();
        }
    }
}

using Marketplace.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Marketplace.Application.Tests;

/// <summary>A real SQLite database in memory, migrated like production, through the real EF provider.</summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    private SqliteDatabase()
    {
    }

    /// <param name="migration">Migrate only up to this migration (to test an upgrade); all of them by default.</param>
    public static async Task<SqliteDatabase> CreateAsync(string? migration = null)
    {
        var database = new SqliteDatabase();
        await database._connection.OpenAsync();
        await database.MigrateAsync(migration);
        return database;
    }

    public async Task MigrateAsync(string? migration = null)
    {
        await using var context = NewContext();
        await context.GetService<IMigrator>().MigrateAsync(migration);
    }

    /// <summary>The open in-memory connection, for raw SQL such as <c>EXPLAIN QUERY PLAN</c>.</summary>
    public SqliteConnection Connection => _connection;

    public MarketplaceDbContext NewContext(params IInterceptor[] interceptors) =>
        new SqliteMarketplaceDbContext(new DbContextOptionsBuilder<SqliteMarketplaceDbContext>()
            .UseSqlite(_connection, DatabaseProviders.ConfigureSqlite).AddInterceptors(interceptors).Options);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

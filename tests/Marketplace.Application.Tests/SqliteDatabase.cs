using Marketplace.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Application.Tests;

/// <summary>A real SQLite database in memory, migrated like production, through the real EF provider.</summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    private SqliteDatabase()
    {
    }

    public static async Task<SqliteDatabase> CreateAsync()
    {
        var database = new SqliteDatabase();
        await database._connection.OpenAsync();
        await using var context = database.NewContext();
        await context.Database.MigrateAsync();
        return database;
    }

    /// <summary>The open in-memory connection, for raw SQL such as <c>EXPLAIN QUERY PLAN</c>.</summary>
    public SqliteConnection Connection => _connection;

    public MarketplaceDbContext NewContext(params IInterceptor[] interceptors) =>
        new SqliteMarketplaceDbContext(new DbContextOptionsBuilder<SqliteMarketplaceDbContext>()
            .UseSqlite(_connection, DatabaseProviders.ConfigureSqlite).AddInterceptors(interceptors).Options);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

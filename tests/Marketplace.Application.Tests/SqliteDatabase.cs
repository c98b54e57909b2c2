using Marketplace.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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

    public MarketplaceDbContext NewContext() =>
        new SqliteMarketplaceDbContext(new DbContextOptionsBuilder<SqliteMarketplaceDbContext>()
            .UseSqlite(_connection, DatabaseProviders.ConfigureSqlite).Options);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

using Marketplace.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Tests;

/// <summary>
/// The SQLite settings are applied once per physical connection, and hold on every later use of a pooled connection
/// and on every new one.
/// </summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"settings-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task Every_use_of_a_pooled_connection_and_every_new_connection_runs_with_the_settings()
    {
        var settings = new SqliteConnectionSettings();
        for (var round = 0; round < 2; round++)
        {
            for (var use = 0; use < 3; use++)
            {
                await using var db = new SqliteMarketplaceDbContext(new DbContextOptionsBuilder<SqliteMarketplaceDbContext>()
                    .UseSqlite($"Data Source={_file};Pooling=True").AddInterceptors(settings).Options);
                await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
                (await PragmaAsync(db, "busy_timeout")).ShouldBe(30000L, $"round {round}, use {use}");
                (await PragmaAsync(db, "synchronous")).ShouldBe(1L, "NORMAL");
                (await PragmaAsync(db, "cache_size")).ShouldBe(-8192L);
                await db.Database.CloseConnectionAsync();
            }

            SqliteConnection.ClearAllPools(); // the next round opens new physical connections
        }
    }

    private static async Task<long> PragmaAsync(MarketplaceDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}

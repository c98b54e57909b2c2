namespace Marketplace.TestSupport;

/// <summary>The app on its embedded default: a SQLite file in a fresh temp folder.</summary>
public class SqliteMarketplaceApp : MarketplaceApp
{
    public string DatabaseFile => Path.Combine(DataDirectory, "marketplace.db");

    protected override Task<DatabaseSettings> StartDatabaseAsync() =>
        Task.FromResult(new DatabaseSettings("Sqlite", $"Data Source={DatabaseFile}"));
}

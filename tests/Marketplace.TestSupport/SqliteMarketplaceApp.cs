namespace Marketplace.TestSupport;

/// <summary>The app on its embedded default: a SQLite file in a fresh temp folder.</summary>
public class SqliteMarketplaceApp : MarketplaceApp
{
    public string DatabaseFile => Path.Combine(DataDirectory, "marketplace.db");

    /// <summary>The bytes of the database and its -wal and -shm files as they are now (read while the app keeps them open).</summary>
    public byte[] ReadDatabaseBytes()
    {
        using var bytes = new MemoryStream();
        foreach (var path in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm" }.Where(File.Exists))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.CopyTo(bytes);
        }

        return bytes.ToArray();
    }

    protected override Task<DatabaseSettings> StartDatabaseAsync() =>
        Task.FromResult(new DatabaseSettings("Sqlite", $"Data Source={DatabaseFile}"));
}

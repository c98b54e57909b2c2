using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>Provider options shared by the app and the design-time factories.</summary>
public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";

    public static void ConfigureSqlite(SqliteDbContextOptionsBuilder sqlite) =>
        sqlite.MigrationsAssembly(typeof(DatabaseProviders).Assembly.FullName)
            .MigrationsHistoryTable("__EFMigrationsHistory")
            .UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery);

    public static void ConfigureSqlServer(SqlServerDbContextOptionsBuilder sqlServer) =>
        sqlServer.MigrationsAssembly(typeof(DatabaseProviders).Assembly.FullName)
            .EnableRetryOnFailure(3)
            .UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery);
}

using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Marketplace.SqlServer.Tests;

/// <summary>Both providers' models and migrations, checked offline: no server needed.</summary>
public sealed class MigrationScriptTests
{
    private static readonly string[] Tables =
        ["Locations", "Customers", "CustomerAdmins", "Projects", "ProjectMembers", "ProjectLocations", "ServiceBrokers", "Publications", "DataProtectionKeys"];

    private static readonly string[] AggregateTables = ["Locations", "Customers", "Projects", "ServiceBrokers"];

    [Fact]
    public void The_SQL_Server_script_is_generated_offline_with_every_table_and_concurrency_column()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in Tables)
        {
            script.ShouldContain($"CREATE TABLE [{table}]", customMessage: table);
        }

        foreach (var table in AggregateTables)
        {
            var create = script[script.IndexOf($"CREATE TABLE [{table}]", StringComparison.Ordinal)..];
            create = create[..create.IndexOf(");", StringComparison.Ordinal)];
            create.ShouldContain("[Version] uniqueidentifier NOT NULL", customMessage: table);
        }

        script.ShouldContain("CREATE UNIQUE INDEX [IX_ServiceBrokers_Identifier]");
        script.ShouldContain("CREATE UNIQUE INDEX [IX_Customers_Identifier]");
        script.ShouldContain("N''global''", customMessage: "the Global location is seeded");
        script.ShouldContain("[UserId] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL", customMessage: "user ids are case-sensitive");
    }

    [Fact]
    public void The_SQL_Server_model_has_no_pending_changes()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        context.Database.HasPendingModelChanges().ShouldBeFalse("run dotnet ef migrations add for SqlServerMarketplaceDbContext");
    }

    [Fact]
    public void The_SQLite_model_has_no_pending_changes()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);
        context.Database.HasPendingModelChanges().ShouldBeFalse("run dotnet ef migrations add for SqliteMarketplaceDbContext");
    }

    [Fact]
    public void Every_aggregate_carries_a_concurrency_token_in_both_models()
    {
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        foreach (DbContext context in new DbContext[] { sqlServer, sqlite })
        {
            foreach (var table in AggregateTables)
            {
                var entity = context.Model.GetEntityTypes().Single(e => e.GetTableName() == table && !e.IsOwned());
                entity.FindProperty("Version")!.IsConcurrencyToken.ShouldBeTrue($"{table} in {context.GetType().Name}");
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef</c> build each provider's model without a running app or server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMarketplaceDbContext>
{
    public SqliteMarketplaceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMarketplaceDbContext>()
            .UseSqlite("Data Source=design-time.db", DatabaseProviders.ConfigureSqlite).Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerMarketplaceDbContext>
{
    public SqlServerMarketplaceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerMarketplaceDbContext>()
            .UseSqlServer("Server=design-time;Database=Marketplace;Trusted_Connection=True;TrustServerCertificate=True",
                DatabaseProviders.ConfigureSqlServer).Options);
}

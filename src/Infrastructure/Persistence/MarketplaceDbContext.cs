using Marketplace.Domain.Brokers;
using Marketplace.Domain.Auditing;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>
/// The marketplace's database. One model for both providers; <see cref="SqliteMarketplaceDbContext"/> and
/// <see cref="SqlServerMarketplaceDbContext"/> exist only so that each provider keeps its own migrations.
/// Also holds the Data Protection key ring, so that every node shares the keys.
/// </summary>
public abstract class MarketplaceDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Location> Locations => Set<Location>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ServiceBroker> ServiceBrokers => Set<ServiceBroker>();

    public DbSet<Publication> Publications => Set<Publication>();

    public DbSet<ConnectionCatalog> ConnectionCatalogs => Set<ConnectionCatalog>();

    public DbSet<ServiceOffering> ServiceOfferings => Set<ServiceOffering>();

    public DbSet<ServicePlan> ServicePlans => Set<ServicePlan>();

    public DbSet<ServiceInstance> ServiceInstances => Set<ServiceInstance>();

    public DbSet<ServiceBinding> ServiceBindings => Set<ServiceBinding>();

    public DbSet<BrokerOperation> BrokerOperations => Set<BrokerOperation>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ConnectionHealth> ConnectionHealth => Set<ConnectionHealth>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MarketplaceDbContext).Assembly);
    }
}

public sealed class SqliteMarketplaceDbContext(DbContextOptions<SqliteMarketplaceDbContext> options)
    : MarketplaceDbContext(options);

public sealed class SqlServerMarketplaceDbContext(DbContextOptions<SqlServerMarketplaceDbContext> options)
    : MarketplaceDbContext(options)
{
    /// <summary>A binary collation: SQL Server compares text case-insensitively by default, SQLite does not.</summary>
    public const string CaseSensitiveCollation = "Latin1_General_100_BIN2";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // User ids are JWT subjects and case-sensitive: "Alice" is not "alice" on either provider.
        var userIds = modelBuilder.Model.GetEntityTypes()
            .SelectMany(entity => entity.GetProperties())
            .Where(property => property.Name is "UserId" or "DecidedBy");
        foreach (var property in userIds)
        {
            property.SetCollation(CaseSensitiveCollation);
        }
    }
}

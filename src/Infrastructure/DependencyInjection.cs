using Marketplace.Application.Common.Ports;
using Marketplace.Infrastructure.BackgroundJobs;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Persistence.Repositories;
using Marketplace.Infrastructure.Security;
using Marketplace.Infrastructure.ServiceBrokers.Osb;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Marketplace";

    private static readonly SqliteConnectionSettings SqliteSettings = new();

    /// <summary>
    /// Persistence on the configured provider (SQLite by default, SQL Server with Database:Provider=SqlServer), Data
    /// Protection and secret protection. EF Core interceptors registered as <see cref="IInterceptor"/> services join every
    /// context (tests inject database faults that way).
    /// </summary>
    /// <param name="isToolRun">True while a build tool runs the app (OpenAPI generation): nothing is protected then.</param>
    public static IServiceCollection AddInfrastructure(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, bool isToolRun = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var provider = configuration["Database:Provider"] ?? DatabaseProviders.Sqlite;
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        if (string.Equals(provider, DatabaseProviders.SqlServer, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"Database:Provider is SqlServer: set ConnectionStrings:{ConnectionStringName} to a SQL Server connection string.");
            }

            services.AddDbContextPool<MarketplaceDbContext, SqlServerMarketplaceDbContext>((sp, o) =>
                o.UseSqlServer(connectionString, DatabaseProviders.ConfigureSqlServer).AddInterceptors(sp.GetServices<IInterceptor>()));
            services.AddSingleton(_ => new MarketplaceVersionReader(() => new Microsoft.Data.SqlClient.SqlConnection(connectionString), setUp: null, keepConnections: false));
        }
        else if (string.Equals(provider, DatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = SqliteConnectionString(connectionString, environment.ContentRootPath);
            services.AddDbContextPool<MarketplaceDbContext, SqliteMarketplaceDbContext>((sp, o) =>
                o.UseSqlite(sqlite, DatabaseProviders.ConfigureSqlite).AddInterceptors(sp.GetServices<IInterceptor>().Append(SqliteSettings)));
            services.AddSingleton(_ => new MarketplaceVersionReader(() => new SqliteConnection(sqlite), setUp: SqliteConnectionSettings.Pragmas, keepConnections: true));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is unknown; use Sqlite or SqlServer.");
        }

        services.AddSingleton(new DatabaseWriteGate(serializeWrites: !string.Equals(provider, DatabaseProviders.SqlServer, StringComparison.OrdinalIgnoreCase)));
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<NewCatalogs>();
        services.AddScoped<IReadStore, ReadStore>();
        services.AddScoped<IMarketplaceVersion, MarketplaceVersion>();
        services.AddScoped<ILocationRepository, LocationRepository>();
        services.AddScoped<ICustomerRepository, CustomerRepository>();
        services.AddScoped<IProjectRepository, ProjectRepository>();
        services.AddScoped<IServiceBrokerRepository, ServiceBrokerRepository>();
        services.AddScoped<ICatalogRepository, CatalogRepository>();
        services.AddScoped<IPlanUsage, PlanUsage>();
        services.AddScoped<IServiceInstanceRepository, ServiceInstanceRepository>();
        services.AddScoped<IServiceBindingRepository, ServiceBindingRepository>();
        services.AddScoped<IBrokerOperationRepository, BrokerOperationRepository>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<IConnectionHealthRepository, ConnectionHealthRepository>();
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddOsbClient(configuration, environment);
        services.AddMarketplaceJobs(configuration, provider, connectionString, isToolRun);
        services.AddMarketplaceDataProtection(configuration, requireKeyProtection: !environment.IsDevelopment(), isToolRun);
        services.AddHealthChecks().AddDbContextCheck<MarketplaceDbContext>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>A relative SQLite file lives under the content root, and its folder is created.</summary>
    private static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? "Data Source=marketplace.db" : configured);
        if (builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }
}

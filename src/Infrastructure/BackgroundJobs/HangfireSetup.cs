using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Marketplace.Application.Common.Ports;
using Marketplace.Infrastructure.BrokerWork;
using Marketplace.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// Background work: Hangfire for the recurring catalog refreshes (in-memory storage on the embedded default, SQL
/// Server storage in production, shared by all nodes), and the broker work dispatcher that makes every background
/// call to brokers. The database holds the state of all work, so losing in-memory jobs on restart loses nothing.
/// </summary>
internal static class HangfireSetup
{
    public static IServiceCollection AddMarketplaceJobs(
        this IServiceCollection services, IConfiguration configuration, string provider, string? connectionString, bool isToolRun)
    {
        var pollInterval = configuration.GetValue("Jobs:PollIntervalSeconds", 1.0);
        services.AddHangfire((serviceProvider, hangfire) =>
        {
            hangfire.UseLogProvider(new HangfireLogBridge(serviceProvider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (string.Equals(provider, DatabaseProviders.SqlServer, StringComparison.OrdinalIgnoreCase))
            {
                hangfire.UseSqlServerStorage(connectionString, new SqlServerStorageOptions
                {
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.Zero,
                    SchemaName = "hangfire",
                });
            }
            else
            {
                hangfire.UseInMemoryStorage(new InMemoryStorageOptions());
            }
        });

        services.AddSingleton(new CatalogRefreshSchedule(configuration.GetValue("Catalog:RefreshInterval", TimeSpan.FromHours(1))));
        services.AddScoped<ICatalogRefreshJobs, HangfireCatalogRefreshJobs>();
        services.AddTransient<CatalogRefreshJob>();
        services.AddBrokerWork();

        if (!isToolRun && configuration.GetValue("Jobs:RunServer", true))
        {
            // Hangfire's jobs here only ask for work in the database, so a few workers are plenty.
            services.AddHangfireServer(server =>
            {
                server.SchedulePollingInterval = TimeSpan.FromSeconds(pollInterval);
                server.WorkerCount = configuration.GetValue("Jobs:WorkerCount", Math.Max(2, Environment.ProcessorCount));
                server.ServerName = $"marketplace:{Environment.MachineName}:{Environment.ProcessId}";
            });
            services.AddHostedService<RecurringJobRegistrar>();
            services.AddHostedService<BrokerWorkDispatcher>();
        }

        return services;
    }
}

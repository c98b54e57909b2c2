using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Marketplace.Application.Common.Ports;
using Marketplace.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// Hangfire: in-memory storage on the embedded default, SQL Server storage in production (several nodes
/// share it). Jobs are only triggers — the database holds the state of all work — so losing in-memory
/// jobs on restart loses nothing. Delayed jobs are picked up every second, not every 15 s.
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
        services.AddScoped<JobLeases>();
        services.AddTransient<CatalogRefreshJob>();
        services.AddTransient<OperationStepJob>();

        if (!isToolRun && configuration.GetValue("Jobs:RunServer", true))
        {
            services.AddHangfireServer(server =>
            {
                server.SchedulePollingInterval = TimeSpan.FromSeconds(pollInterval);
                server.WorkerCount = configuration.GetValue("Jobs:WorkerCount", Math.Max(4, Environment.ProcessorCount * 2));
                server.ServerName = $"marketplace:{Environment.MachineName}:{Environment.ProcessId}";
            });
            // Broker operations have their own workers: a slow broker's steps never hold up catalog refreshes, and the
            // reverse. Steps wait on broker I/O, so there are more workers than cores.
            services.AddHangfireServer(server =>
            {
                server.Queues = [OperationStepJob.Queue];
                server.SchedulePollingInterval = TimeSpan.FromSeconds(pollInterval);
                server.WorkerCount = configuration.GetValue("Operations:Workers", 20);
                server.ServerName = $"marketplace-operations:{Environment.MachineName}:{Environment.ProcessId}";
            });
            services.AddHostedService<RecurringJobRegistrar>();
            services.AddHostedService<OperationDispatcher>();
        }

        return services;
    }
}

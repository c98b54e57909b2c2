using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Ports;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// Makes sure every connection has its recurring refresh job at start-up: in-memory job storage starts empty,
/// and the database is the source of truth. Retries while job storage or database are not reachable yet.
/// </summary>
internal sealed class RecurringJobRegistrar(IServiceScopeFactory scopes, ILogger<RecurringJobRegistrar> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await RegisterAllAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Registering recurring catalog refreshes failed (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, attempt * 5)), stoppingToken);
            }
        }
    }

    private async Task RegisterAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<ICatalogRefreshJobs>();
        var connections = await db.ConnectionCatalogs.AsNoTracking()
            .Join(db.ServiceBrokers.AsNoTracking(), c => c.BrokerId, b => b.Id, (c, b) => new
            {
                c.BrokerId,
                c.PublicationId,
                b.Identifier,
                Location = db.Publications.Where(p => p.Id == c.PublicationId).Select(p => p.LocationIdentifier).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        foreach (var connection in connections)
        {
            jobs.Schedule(BrokerConnections.JobName(connection.Identifier, connection.Location), connection.BrokerId, connection.PublicationId);
        }

        logger.LogInformation("Registered {Count} recurring catalog refreshes", connections.Count);
    }
}

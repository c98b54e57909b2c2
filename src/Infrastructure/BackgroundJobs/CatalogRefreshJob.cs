using System.ComponentModel;
using Hangfire;
using Marketplace.Application.Catalog.RefreshCatalog;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// The Hangfire job behind every catalog refresh (recurring and on demand). It takes ids only, holds the
/// connection's lease so refreshes never overlap (also across nodes), and is safe to run twice.
/// </summary>
public sealed class CatalogRefreshJob(IServiceScopeFactory scopes)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(15);

    [DisplayName("Refresh catalog of broker {0} (publication {1})")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid brokerId, Guid? publicationId, string? requestedBy, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var leases = scope.ServiceProvider.GetRequiredService<JobLeases>();
        var key = $"catalog-refresh:{brokerId:N}:{publicationId:N}";
        if (!await leases.TryAcquireAsync(key, LeaseDuration, cancellationToken))
        {
            return; // another process refreshes this connection right now
        }

        try
        {
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RefreshCatalogCommand(brokerId, publicationId, requestedBy), cancellationToken);
        }
        finally
        {
            await leases.ReleaseAsync(key, CancellationToken.None);
        }
    }
}

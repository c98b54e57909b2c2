using System.ComponentModel;
using Hangfire;
using Marketplace.Application.Common.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// The Hangfire job behind every catalog refresh (recurring, and <i>Trigger now</i> on the ops dashboard). It only asks
/// for the refresh, in the database; the broker work dispatcher runs it at once within the connection's budget — so a
/// hung broker never holds a Hangfire worker. Takes ids only; safe to run twice.
/// </summary>
public sealed class CatalogRefreshJob(IServiceScopeFactory scopes, TimeProvider clock)
{
    [DisplayName("Refresh catalog of broker {0} (publication {1})")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid brokerId, Guid? publicationId, string? requestedBy, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ICatalogRepository>()
            .RequestRefreshAsync(brokerId, publicationId, requestedBy, clock.GetUtcNow(), cancellationToken);
    }
}

using Marketplace.Application.Common.Ports;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Persistence;

internal sealed class PlanUsage(MarketplaceDbContext db) : IPlanUsage
{
    /// <summary>By the connection, not by a list of the catalog's plan ids: a catalog of 10,000 plans costs one indexed read.</summary>
    public async Task<IReadOnlySet<Guid>> PlansWithInstancesAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken) =>
        (await db.ServiceInstances.AsNoTracking()
            .Where(i => i.BrokerId == brokerId && i.PublicationId == publicationId)
            .Select(i => i.PlanId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
}

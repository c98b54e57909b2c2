using Marketplace.Application.Common.Ports;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Persistence;

internal sealed class PlanUsage(MarketplaceDbContext db) : IPlanUsage
{
    public async Task<IReadOnlySet<Guid>> PlansWithInstancesAsync(IReadOnlyCollection<Guid> planIds, CancellationToken cancellationToken) =>
        (await db.ServiceInstances.AsNoTracking().Where(i => planIds.Contains(i.PlanId)).Select(i => i.PlanId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
}

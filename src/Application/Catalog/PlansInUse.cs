using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Catalog;

namespace Marketplace.Application.Catalog;

/// <summary>O4: the broker ids of a catalog's plans that instances still use, so that a refresh keeps them (inactive).</summary>
public sealed class PlansInUse(IPlanUsage planUsage)
{
    public async Task<IReadOnlySet<string>> BrokerPlanIdsAsync(ConnectionCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var used = await planUsage.PlansWithInstancesAsync(catalog.BrokerId, catalog.PublicationId, cancellationToken);
        return catalog.Services.SelectMany(s => s.Plans).Where(p => used.Contains(p.Id)).Select(p => p.BrokerPlanId).ToHashSet(StringComparer.Ordinal);
    }
}

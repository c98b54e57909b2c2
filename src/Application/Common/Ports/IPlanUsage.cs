namespace Marketplace.Application.Common.Ports;

/// <summary>O4: which plans still have instances, so that a catalog refresh never deletes them.</summary>
public interface IPlanUsage
{
    Task<IReadOnlySet<Guid>> PlansWithInstancesAsync(IReadOnlyCollection<Guid> planIds, CancellationToken cancellationToken);
}

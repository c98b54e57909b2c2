namespace Marketplace.Application.Common.Ports;

/// <summary>O4: which plans still have instances, so that a catalog refresh never deletes them.</summary>
public interface IPlanUsage
{
    /// <summary>The plans that instances of one connection (a private registration, or a publication) use.</summary>
    Task<IReadOnlySet<Guid>> PlansWithInstancesAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken);
}

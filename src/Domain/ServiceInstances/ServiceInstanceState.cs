namespace Marketplace.Domain.ServiceInstances;

public enum ServiceInstanceState
{
    Creating,
    Ready,
    Updating,
    Deleting,

    /// <summary>The create failed.</summary>
    Failed,

    /// <summary>Its broker was deleted: a read-only record.</summary>
    Orphaned,
}

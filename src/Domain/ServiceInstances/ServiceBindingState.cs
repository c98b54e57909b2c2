namespace Marketplace.Domain.ServiceInstances;

public enum ServiceBindingState
{
    Creating,
    Ready,
    Deleting,

    /// <summary>The bind failed; the record stays until the user deletes it.</summary>
    Failed,

    /// <summary>Its broker was deleted: a read-only record.</summary>
    Orphaned,
}

namespace Marketplace.Domain.Tenancy;

public enum LocationType
{
    /// <summary>The one location for location-independent services.</summary>
    Global,

    /// <summary>A public marketplace location every project may enable.</summary>
    Public,

    /// <summary>A customer's own location for its private brokers; only its projects may enable it.</summary>
    Private,
}

namespace Marketplace.Application.Common.Security;

/// <summary>What the caller is within one customer (platform admin is separate: a role in the token).</summary>
public enum CustomerRole
{
    /// <summary>Not part of the customer: its resources answer 404.</summary>
    None,

    /// <summary>Member of at least one of the customer's projects.</summary>
    ProjectMember,

    /// <summary>Customer admin: manages projects, members and brokers.</summary>
    CustomerAdmin,
}

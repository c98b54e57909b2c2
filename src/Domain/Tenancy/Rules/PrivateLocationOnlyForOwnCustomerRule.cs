using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Tenancy.Rules;

/// <summary>
/// Only the owning customer's projects may enable a private location. Another customer's private
/// location is reported as unknown, so that its existence does not leak.
/// </summary>
public sealed class PrivateLocationOnlyForOwnCustomerRule(Location location, Guid projectCustomerId) : IBusinessRule
{
    public string Code => "location.unknown";

    public string Message => $"There is no location '{location.Identifier}' this project can enable.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => !location.IsVisibleTo(projectCustomerId);
}

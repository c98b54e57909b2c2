using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Tenancy.Rules;

/// <summary>"global" and "private-…" identifiers belong to the locations the marketplace creates itself.</summary>
public sealed class LocationIdentifierIsReservedRule(string identifier) : IBusinessRule, IFieldRule
{
    public string Code => "location.identifier_reserved";

    public string Message =>
        $"The identifier '{identifier}' is reserved: 'global' and 'private-…' locations are created by the marketplace.";

    public RuleKind Kind => RuleKind.Refused;

    public string Field => "identifier";

    public bool IsBroken() =>
        identifier == Location.GlobalIdentifier ||
        identifier.StartsWith(Location.PrivatePrefix, StringComparison.Ordinal);
}

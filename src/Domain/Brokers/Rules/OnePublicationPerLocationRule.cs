using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B5: one pending or approved publication per location; after a rejection or revocation a new one is allowed.</summary>
public sealed class OnePublicationPerLocationRule(IEnumerable<Publication> publications, string locationIdentifier) : IBusinessRule, IFieldRule
{
    public string Code => "publication.location_taken";

    public string Message =>
        $"This broker already has a pending or approved publication at '{locationIdentifier}'. Revoke a pending one first, or publish elsewhere.";

    public RuleKind Kind => RuleKind.Conflict;

    public string Field => "location";

    public bool IsBroken() => publications.Any(p => p.HoldsLocation && p.LocationIdentifier == locationIdentifier);
}

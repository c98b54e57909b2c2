using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B9: once a publication is approved, users may rely on the broker: it cannot be deleted.</summary>
public sealed class BrokerCanBeDeletedOnlyWithoutApprovedPublicationsRule(IEnumerable<Publication> publications) : IBusinessRule
{
    public string Code => "broker.has_approved_publications";

    public string Message => "A broker with an approved publication cannot be deleted.";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => publications.Any(p => p.Status == PublicationStatus.Approved);
}

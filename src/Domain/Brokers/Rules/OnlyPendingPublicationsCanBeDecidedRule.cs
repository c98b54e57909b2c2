using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B6: a platform admin approves or rejects a pending publication, once.</summary>
public sealed class OnlyPendingPublicationsCanBeDecidedRule(Publication publication) : IBusinessRule
{
    public string Code => "publication.not_pending";

    public string Message =>
        $"This publication is already {publication.Status.ToString().ToLowerInvariant()}; only pending publications can be approved or rejected.";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => publication.Status != PublicationStatus.Pending;
}

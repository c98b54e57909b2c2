using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B8: a publication can be revoked while pending or rejected, not once approved.</summary>
public sealed class PublicationCanBeRevokedOnlyWhileNotApprovedRule(Publication publication) : IBusinessRule
{
    public string Code => "publication.approved";

    public string Message => "An approved publication cannot be revoked: users may already have instances of its services.";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => publication.Status == PublicationStatus.Approved;
}

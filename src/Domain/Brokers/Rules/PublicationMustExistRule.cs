using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>A publication is addressed through its broker; an id that is not one of its publications is unknown.</summary>
public sealed class PublicationMustExistRule(Guid publicationId) : IBusinessRule
{
    public string Code => "publication.not_found";

    public string Message => $"There is no publication '{publicationId}' of this broker.";

    public RuleKind Kind => RuleKind.NotFound;

    public bool IsBroken() => true;
}

using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;

namespace Marketplace.Domain.Brokers.Rules;


/// <summary>B5: a broker is published to a public location or to Global, never to a private location.</summary>
public sealed class PublicationOnlyToPublicLocationOrGlobalRule(Location location) : IBusinessRule, IFieldRule
{
    public string Code => "location.unknown";

    public string Message => $"There is no public location or Global named '{location.Identifier}' to publish to.";

    public RuleKind Kind => RuleKind.Refused;

    public string Field => "location";

    public bool IsBroken() => !location.AcceptsPublications;
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B5: published brokers are always reached over https.</summary>
public sealed class PublicationEndpointMustBeHttpsRule(string endpoint) : IBusinessRule, IFieldRule
{
    public string Code => "publication.not_https";

    public string Message => "A publication endpoint must use https://; only the private registration may use http://.";

    public RuleKind Kind => RuleKind.InvalidInput;

    public string Field => "endpoint";

    public bool IsBroken() => !BrokerEndpoint.IsHttps(endpoint);
}

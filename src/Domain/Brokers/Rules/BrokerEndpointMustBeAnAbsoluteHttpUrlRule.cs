using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B1: an absolute http(s) root URL without credentials, query or fragment.</summary>
public sealed class BrokerEndpointMustBeAnAbsoluteHttpUrlRule(string? endpoint) : IBusinessRule, IFieldRule
{
    public string Code => "broker.endpoint_invalid";

    public string Message =>
        BrokerEndpoint.TryNormalize(endpoint, out _, out var problem) ? "The endpoint is valid." : $"The endpoint {problem}.";

    public RuleKind Kind => RuleKind.InvalidInput;

    public string Field => "endpoint";

    public bool IsBroken() => !BrokerEndpoint.TryNormalize(endpoint, out _, out _);
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>The per-broker request timeout is between 1 second and 10 minutes.</summary>
public sealed class RequestTimeoutMustBeInRangeRule(int? requestTimeoutSeconds) : IBusinessRule, IFieldRule
{
    public string Code => "broker.request_timeout_invalid";

    public string Message => $"requestTimeoutSeconds must be between 1 and {ServiceBroker.MaxRequestTimeoutSeconds}.";

    public RuleKind Kind => RuleKind.InvalidInput;

    public string Field => "requestTimeoutSeconds";

    public bool IsBroken() => requestTimeoutSeconds is < 1 or > ServiceBroker.MaxRequestTimeoutSeconds;
}

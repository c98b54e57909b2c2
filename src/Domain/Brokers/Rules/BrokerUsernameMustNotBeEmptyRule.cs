using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B1: brokers are called with HTTP Basic auth, which needs a username without a colon.</summary>
public sealed class BrokerUsernameMustNotBeEmptyRule(string? username) : IBusinessRule, IFieldRule
{
    public string Code => "broker.username_invalid";

    public string Message => "A basic-auth username is required; it may not contain a colon.";

    public RuleKind Kind => RuleKind.InvalidInput;

    public string Field => "username";

    public bool IsBroken() => string.IsNullOrEmpty(username) || username.Contains(':', StringComparison.Ordinal);
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>An owner limits calls in flight per connection to at least one and at most the platform's ceiling.</summary>
public sealed class MaxConcurrentCallsMustBeInRangeRule(int? maxConcurrentCalls, int ceiling) : IBusinessRule, IFieldRule
{
    public string Code => "broker.max_concurrent_calls_invalid";

    public string Message => $"maxConcurrentCalls must be between 1 and {ceiling}.";

    public RuleKind Kind => RuleKind.InvalidInput;

    public string Field => "maxConcurrentCalls";

    public bool IsBroken() => maxConcurrentCalls is { } value && (value < 1 || value > ceiling);
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B9: the caller confirms a deletion by typing the broker's current name.</summary>
public sealed class DeletionMustBeConfirmedWithBrokerNameRule(string brokerName, string? confirmName) : IBusinessRule, IFieldRule
{
    public string Code => "broker.confirmation_mismatch";

    public string Message => "To delete this broker, pass its current name as confirmName.";

    public RuleKind Kind => RuleKind.Refused;

    public string Field => "confirmName";

    public bool IsBroken() => !string.Equals(brokerName, confirmName, StringComparison.Ordinal);
}

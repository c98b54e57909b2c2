using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B1/B3: the identifier chosen at registration can never change.</summary>
public sealed class BrokerIdentifierIsImmutableRule(string currentIdentifier, string? requestedIdentifier) : IBusinessRule, IFieldRule
{
    public string Code => "broker.identifier_immutable";

    public string Message =>
        $"The identifier of a broker cannot be changed; this broker stays '{currentIdentifier}'. Register a new broker to use another identifier.";

    public RuleKind Kind => RuleKind.Refused;

    public string Field => "identifier";

    public bool IsBroken() => requestedIdentifier is not null && requestedIdentifier != currentIdentifier;
}

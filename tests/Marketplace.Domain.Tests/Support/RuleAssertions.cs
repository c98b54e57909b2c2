using Marketplace.Domain.SharedKernel;
using Shouldly;

namespace Marketplace.Domain.Tests.Support;

/// <summary>Asserts which business rule an aggregate method broke (kgrzybek's AssertBrokenRule).</summary>
public static class RuleAssertions
{
    /// <summary>
    /// Runs <paramref name="action"/>, expects a <see cref="DomainRuleViolation"/> raised by a
    /// <typeparamref name="TRule"/>, and returns the violation so the caller can check its code and kind.
    /// </summary>
    public static DomainRuleViolation AssertBrokenRule<TRule>(Action action)
        where TRule : IBusinessRule
    {
        var violation = Should.Throw<DomainRuleViolation>(action);
        violation.Rule.ShouldBeOfType<TRule>();
        violation.Message.ShouldBe(violation.Rule.Message);
        return violation;
    }
}

using System.Diagnostics.CodeAnalysis;

namespace Marketplace.Domain.SharedKernel;

/// <summary>The one exception the domain throws when a business rule is broken.</summary>
[SuppressMessage("Naming", "CA1710", Justification = "Named as the domain speaks of it: a violation of a rule.")]
public sealed class DomainRuleViolation : Exception
{
    public DomainRuleViolation(IBusinessRule rule)
        : base(rule?.Message)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Rule = rule;
    }

    public IBusinessRule Rule { get; }

    public string Code => Rule.Code;

    public RuleKind Kind => Rule.Kind;

    /// <summary>The request field the rule is about, where there is one (for per-field errors).</summary>
    public string? Field => (Rule as IFieldRule)?.Field;
}

/// <summary>A rule about one input field; its violation is reported against that field.</summary>
public interface IFieldRule
{
    string Field { get; }
}

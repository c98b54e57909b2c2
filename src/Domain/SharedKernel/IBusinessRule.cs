namespace Marketplace.Domain.SharedKernel;

/// <summary>
/// A business rule named after the sentence it enforces. Aggregates check rules before they change state;
/// a broken rule becomes a <see cref="DomainRuleViolation"/> carrying the rule's stable code.
/// </summary>
public interface IBusinessRule
{
    /// <summary>Stable, machine-readable code: <c>&lt;area&gt;.&lt;reason&gt;</c>.</summary>
    string Code { get; }

    /// <summary>What a client should know and do.</summary>
    string Message { get; }

    RuleKind Kind { get; }

    bool IsBroken();
}

/// <summary>A rule whose violation passes with time: the answer says when to try again (<c>Retry-After</c>).</summary>
public interface IRetryLaterRule
{
    TimeSpan RetryAfter { get; }
}

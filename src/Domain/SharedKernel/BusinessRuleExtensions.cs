namespace Marketplace.Domain.SharedKernel;

public static class BusinessRuleExtensions
{
    /// <summary>Checks a rule that needs facts from more than one aggregate (a plan's flags for an instance, say).</summary>
    public static void Enforce(this IBusinessRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.IsBroken())
        {
            throw new DomainRuleViolation(rule);
        }
    }
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>I66: bind is never requested unless the plan is (effectively) bindable.</summary>
public sealed class PlanMustBeBindableRule(bool effectiveBindable) : IBusinessRule
{
    public string Code => "plan.not_bindable";

    public string Message => "The instance's plan is not bindable.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => !effectiveBindable;
}

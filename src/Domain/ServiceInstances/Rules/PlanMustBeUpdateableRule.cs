using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>G53: a plan change is only requested when the current plan is (effectively) plan-updateable.</summary>
public sealed class PlanMustBeUpdateableRule(bool effectivePlanUpdateable) : IBusinessRule
{
    public string Code => "plan.not_updateable";

    public string Message => "The broker does not allow changing the plan of this instance; parameter updates are still possible.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => !effectivePlanUpdateable;
}

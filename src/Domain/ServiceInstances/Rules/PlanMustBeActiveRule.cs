using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>O4: a plan the broker removed stays for existing instances but takes no new ones.</summary>
public sealed class PlanMustBeActiveRule(bool active) : IBusinessRule
{
    public string Code => "plan.inactive";

    public string Message => "The broker no longer offers this plan.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => !active;
}

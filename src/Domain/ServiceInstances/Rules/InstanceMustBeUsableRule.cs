using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>
/// I66, G58: after a failed update or delete the broker may say the instance is no longer usable; no new
/// bindings until a later update succeeds.
/// </summary>
public sealed class InstanceMustBeUsableRule(bool usable) : IBusinessRule
{
    public string Code => "instance.not_usable";

    public string Message => "The broker reported this instance as not usable; update it successfully before binding.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => !usable;
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>G58: the broker said a failed update must not be repeated (<c>update_repeatable: false</c>); other updates are fine.</summary>
public sealed class UpdateMustBeRepeatableRule(string? refusedUpdate, string requestedUpdate) : IBusinessRule
{
    public string Code => "instance.update_not_repeatable";

    public string Message => "The broker said this update cannot be repeated after it failed; change the plan or parameters.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => refusedUpdate is not null && string.Equals(refusedUpdate, requestedUpdate, StringComparison.Ordinal);
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>B9: bindings of a deleted broker are read-only records.</summary>
public sealed class BindingMustNotBeOrphanedRule(ServiceBindingState state) : IBusinessRule
{
    public string Code => "instance.orphaned";

    public string Message => "The broker of this binding was deleted; the binding is a read-only record.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => state == ServiceBindingState.Orphaned;
}

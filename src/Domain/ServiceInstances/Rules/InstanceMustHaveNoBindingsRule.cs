using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>H60: bindings go before their instance; a recursive delete unbinds them first.</summary>
public sealed class InstanceMustHaveNoBindingsRule(int bindingCount) : IBusinessRule
{
    public string Code => "instance.has_bindings";

    public string Message => $"The instance has {bindingCount} binding(s); delete them first, or delete with ?recursive=true.";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => bindingCount > 0;
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>A binding being deleted is not deleted twice.</summary>
public sealed class BindingMustNotBeDeletingRule(ServiceBindingState state) : IBusinessRule
{
    public string Code => "binding.operation_in_progress";

    public string Message => "The binding is already being deleted.";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => state == ServiceBindingState.Deleting;
}

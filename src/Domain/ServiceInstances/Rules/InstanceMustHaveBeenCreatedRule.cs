using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>An instance whose creation failed can only be deleted, not updated or bound.</summary>
public sealed class InstanceMustHaveBeenCreatedRule(ServiceInstanceState state) : IBusinessRule
{
    public string Code => "instance.failed";

    public string Message => "The instance could not be created; delete it and provision a new one.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => state == ServiceInstanceState.Failed;
}

using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>One operation at a time per instance (N95): a second change waits until the first has ended.</summary>
public sealed class InstanceMustNotHaveAnOperationInProgressRule(ServiceInstanceState state) : IBusinessRule
{
    public string Code => "instance.operation_in_progress";

    public string Message => $"The instance is {state.ToString().ToLowerInvariant()}; wait until that operation has ended.";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => state is ServiceInstanceState.Creating or ServiceInstanceState.Updating or ServiceInstanceState.Deleting;
}

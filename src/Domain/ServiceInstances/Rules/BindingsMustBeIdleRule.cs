using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>N95: brokers may treat binds as changes of the instance, so an update waits for binds and unbinds in flight.</summary>
public sealed class BindingsMustBeIdleRule(int bindingsInFlight) : IBusinessRule
{
    public string Code => "instance.operation_in_progress";

    public string Message => $"{bindingsInFlight} binding(s) of the instance are being created or deleted; wait until they are done.";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => bindingsInFlight > 0;
}

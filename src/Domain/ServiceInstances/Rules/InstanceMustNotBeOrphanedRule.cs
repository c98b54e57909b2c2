using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>B9: the broker of an orphaned instance is gone; its record is read-only and nothing is sent anywhere.</summary>
public sealed class InstanceMustNotBeOrphanedRule(ServiceInstanceState state) : IBusinessRule
{
    public string Code => "instance.orphaned";

    public string Message => "The broker of this instance was deleted; the instance is a read-only record.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => state == ServiceInstanceState.Orphaned;
}

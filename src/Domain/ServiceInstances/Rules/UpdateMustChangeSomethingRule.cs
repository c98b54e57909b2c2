using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.ServiceInstances.Rules;

/// <summary>An update names a new plan, parameters, or both.</summary>
public sealed class UpdateMustChangeSomethingRule(Guid? planId, string? parametersJson) : IBusinessRule, IFieldRule
{
    public string Code => "validation.failed";

    public string Message => "Give a planId, parameters, or both.";

    public RuleKind Kind => RuleKind.InvalidInput;

    public string Field => "planId";

    public bool IsBroken() => planId is null && parametersJson is null;
}

namespace Marketplace.Domain.SharedKernel;

public sealed class NameMustNotBeEmptyRule(string? name, string area) : IBusinessRule, IFieldRule
{
    public const int MaxLength = 200;

    public string Code => $"{area}.name_invalid";

    public string Message => $"A name is required and may have at most {MaxLength} characters.";

    public RuleKind Kind => RuleKind.InvalidInput;

    public string Field => "name";

    public bool IsBroken() => string.IsNullOrWhiteSpace(name) || name.Length > MaxLength;
}

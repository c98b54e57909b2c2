namespace Marketplace.Domain.SharedKernel;

public sealed class IdentifierMustBeASlugRule(string? identifier, string area) : IBusinessRule, IFieldRule
{
    public string Code => $"{area}.identifier_invalid";

    public string Message => $"The identifier '{identifier}' {Identifier.FormatDescription}.";

    public RuleKind Kind => RuleKind.InvalidInput;

    public string Field => "identifier";

    public bool IsBroken() => !Identifier.IsValid(identifier);
}

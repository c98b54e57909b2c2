namespace Marketplace.Application.Common.Errors;

/// <summary>X10: parameters fail the plan's JSON schema; answered as 400 <c>parameters.invalid</c> with every schema error.</summary>
public sealed class ParametersInvalidException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The parameters do not match the plan's schema.")
{
    public const string Code = "parameters.invalid";

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

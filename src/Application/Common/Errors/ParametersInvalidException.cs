namespace Marketplace.Application.Common.Errors;

/// <summary>
/// X10: parameters are refused before any broker call — over the configured bounds, with a duplicate key, failing the
/// plan's JSON schema, or not checkable within the time budget. Answered as 400 <c>parameters.invalid</c> with every
/// error by field (<c>parameters</c> or <c>parameters.&lt;path&gt;</c>).
/// </summary>
public sealed class ParametersInvalidException(IReadOnlyDictionary<string, string[]> errors, string message = ParametersInvalidException.SchemaMismatch)
    : Exception(message)
{
    public const string Code = "parameters.invalid";

    public const string SchemaMismatch = "The parameters do not match the plan's schema.";

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>One error against the parameters as a whole.</summary>
    public static ParametersInvalidException Whole(string error, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["parameters"] = [error] }, message);
}

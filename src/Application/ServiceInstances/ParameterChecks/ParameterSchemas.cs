using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Application.Common.Errors;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// X10: parameters are checked against the plan's JSON schema (OSB requires draft-04; NJsonSchema reads
/// draft-04 to 2020-12) before any broker call. Schemas come from brokers, so they may not reach out: a remote
/// or file <c>$ref</c> is refused instead of fetched. A schema we cannot read is left to the broker to enforce.
/// </summary>
/// <remarks>
/// A schema's <c>pattern</c>s are the broker's regular expressions run on the user's text, so one request's check has
/// one time budget (<see cref="ParameterLimits.SchemaCheckBudget"/>) and the request's cancellation. The patterns are
/// taken out of the parsed schema and matched by <see cref="SchemaPattern"/> (linear time where .NET's
/// non-backtracking engine supports the pattern, else bounded by what is left of the budget); a check that runs out
/// of time is refused, never taken as valid.
/// </remarks>
public sealed class ParameterSchemas(ParameterLimits limits)
{
    /// <summary>Parsed schemas by plan schemas, resource and action: a plan's schema is read once, not on every provision.</summary>
    private readonly ConcurrentDictionary<string, ParsedSchema?> parsed = new(StringComparer.Ordinal);

    private const int MaxParsed = 4096;

    /// <summary>Throws <see cref="ParametersInvalidException"/> with every schema error, keyed <c>parameters.&lt;path&gt;</c>.</summary>
    public async Task ValidateAsync(string? schemasJson, string resource, string action, JsonObject? parameters, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(schemasJson))
        {
            return;
        }

        var key = $"{resource}/{action}\n{schemasJson}";
        if (!parsed.TryGetValue(key, out var schema))
        {
            schema = await ParseAsync(schemasJson, resource, action, limits.SchemaCheckBudget, cancellationToken);
            if (parsed.Count >= MaxParsed)
            {
                parsed.Clear(); // bounded: catalogs change rarely, so the cache refills with what is in use
            }

            parsed[key] = schema;
        }

        if (schema is null)
        {
            return; // no schema, or one we cannot read: the broker validates
        }

        var budget = new SchemaCheckBudget(limits.SchemaCheckBudget, cancellationToken);
        ICollection<ValidationError> errors;
        try
        {
            errors = new BudgetedSchemaValidator(schema.Patterns, budget).Validate((parameters ?? []).ToJsonString(), schema.Schema);
        }
        catch (Exception e) when (e is SchemaCheckBudgetSpentException or RegexMatchTimeoutException)
        {
            throw ParametersInvalidException.Whole(
                $"The parameters could not be checked against the plan's schema within {limits.SchemaCheckBudgetSeconds:0.###} s: a pattern of the schema takes too long on them.",
                "The parameters could not be checked against the plan's schema in time.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A schema that cannot be applied (an invalid pattern, multipleOf 0): the broker validates. Never a 500 for the user.
            return;
        }

        if (errors.Count == 0)
        {
            return;
        }

        var byField = Flatten(errors)
            .GroupBy(e => FieldOf(e), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(Describe).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        throw new ParametersInvalidException(byField);
    }

    private static async Task<ParsedSchema?> ParseAsync(string schemasJson, string resource, string action, TimeSpan longestMatch, CancellationToken cancellationToken)
    {
        if (SchemaOf(schemasJson, resource, action) is not { } schemaNode)
        {
            return null;
        }

        try
        {
            var schema = await JsonSchema.FromJsonAsync(
                schemaNode.ToJsonString(), documentPath: null, schema => new LocalOnlyReferenceResolver(schema), cancellationToken);
            return new ParsedSchema(schema, SchemaPattern.TakeAll(schema, longestMatch));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static JsonObject? SchemaOf(string? schemasJson, string resource, string action)
    {
        if (string.IsNullOrWhiteSpace(schemasJson))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(schemasJson)?[resource]?[action]?["parameters"] is JsonObject schema ? schema : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var inner in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return error;
            }
        }
    }

    private static string FieldOf(ValidationError error)
    {
        var path = (error.Path ?? "#").TrimStart('#').Trim('/').Replace('/', '.');
        if (error.Kind == ValidationErrorKind.PropertyRequired || error.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed)
        {
            path = path.Length == 0 ? error.Property ?? string.Empty : path;
        }

        return path.Length == 0 ? "parameters" : $"parameters.{path}";
    }

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"'{error.Property}' is required.",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{error.Property}' is not a known parameter.",
        ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig => "The value is above the maximum.",
        ValidationErrorKind.NumberTooSmall => "The value is below the minimum.",
        ValidationErrorKind.NotInEnumeration => "The value is not one of the allowed values.",
        ValidationErrorKind.StringTooShort => "The text is too short.",
        ValidationErrorKind.StringTooLong => "The text is too long.",
        ValidationErrorKind.PatternMismatch => "The text does not match the required pattern.",
        _ => $"Invalid: {SplitWords(error.Kind.ToString())}.",
    };

    private static string SplitWords(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    private sealed class LocalOnlyReferenceResolver(JsonSchema schema)
        : JsonReferenceResolver(new JsonSchemaAppender(schema, new DefaultTypeNameGenerator()))
    {
        public override Task<NJsonSchema.References.IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Broker schemas may not reference files.");

        public override Task<NJsonSchema.References.IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Broker schemas may not reference remote documents.");
    }
}

/// <summary>A parsed schema whose patterns were taken out, with them by the schema object they belonged to.</summary>
internal sealed record ParsedSchema(JsonSchema Schema, TakenPatterns Patterns);

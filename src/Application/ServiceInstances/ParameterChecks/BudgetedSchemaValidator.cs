using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// NJsonSchema's validator, with the schema's patterns (taken out by <see cref="SchemaPattern.TakeAll"/>) matched
/// within the budget, and the budget checked at every value it visits. Every sub-schema the validator applies —
/// properties, items, <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c> — comes through <see cref="Validate(JToken, JsonSchema, SchemaType, string?, string)"/>,
/// so a pattern counts exactly where the schema puts it.
/// </summary>
internal sealed class BudgetedSchemaValidator(IReadOnlyDictionary<JsonSchema, SchemaPattern> patterns, SchemaCheckBudget budget)
    : JsonSchemaValidator
{
    protected override ICollection<ValidationError> Validate(JToken token, JsonSchema schema, SchemaType schemaType, string? propertyName, string propertyPath)
    {
        budget.ThrowIfSpent();
        var errors = base.Validate(token, schema, schemaType, propertyName, propertyPath);
        if (patterns.TryGetValue(schema, out var pattern) && TextOf(token) is { } text && !pattern.IsMatch(text, budget))
        {
            errors.Add(new ValidationError(ValidationErrorKind.PatternMismatch, propertyName, propertyPath, token, schema));
        }

        return errors;
    }

    private static string? TextOf(JToken token) =>
        token.Type is JTokenType.String or JTokenType.Guid or JTokenType.Uri or JTokenType.TimeSpan ? token.Value<string>() : null;
}

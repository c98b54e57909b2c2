using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// NJsonSchema's validator, with the schema's <c>pattern</c>s and <c>patternProperties</c> (taken out by
/// <see cref="SchemaPattern.TakeAll"/>) matched within the budget, and the budget checked at every value it visits.
/// Every sub-schema the validator applies — properties, items, <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c> —
/// comes through <see cref="Validate(JToken, JsonSchema, SchemaType, string?, string)"/>, so a pattern counts exactly
/// where the schema puts it.
/// </summary>
internal sealed class BudgetedSchemaValidator(TakenPatterns taken, SchemaCheckBudget budget) : JsonSchemaValidator
{
    protected override ICollection<ValidationError> Validate(JToken token, JsonSchema schema, SchemaType schemaType, string? propertyName, string propertyPath)
    {
        budget.ThrowIfSpent();
        var errors = base.Validate(token, schema, schemaType, propertyName, propertyPath);
        if (taken.Patterns.TryGetValue(schema, out var pattern) && TextOf(token) is { } text && !pattern.IsMatch(text, budget))
        {
            errors.Add(new ValidationError(ValidationErrorKind.PatternMismatch, propertyName, propertyPath, token, schema));
        }

        if (taken.PropertyPatterns.TryGetValue(schema, out var propertyPatterns) && token is JObject value)
        {
            ValidatePatternProperties(value, schema, schemaType, propertyPatterns, errors);
        }

        return errors;
    }

    /// <summary>
    /// <c>patternProperties</c>: a property not named in <c>properties</c> takes the schema of the first pattern its name
    /// matches, and is then no additional property — so what the base validator said about it as one is taken back.
    /// </summary>
    private void ValidatePatternProperties(
        JObject value, JsonSchema schema, SchemaType schemaType, IReadOnlyList<(SchemaPattern Pattern, JsonSchema Schema)> propertyPatterns, ICollection<ValidationError> errors)
    {
        var matches = new List<(JProperty Property, JsonSchema Schema)>();
        foreach (var property in value.Properties().Where(p => !schema.Properties.ContainsKey(p.Name)))
        {
            foreach (var (pattern, propertySchema) in propertyPatterns)
            {
                if (pattern.IsMatch(property.Name, budget))
                {
                    matches.Add((property, propertySchema));
                    break;
                }
            }
        }

        // The base validator's verdicts on these properties as additional ones (its errors carry the property or its value).
        var matchedTokens = new HashSet<JToken>(matches.SelectMany(m => new[] { m.Property, m.Property.Value }), ReferenceEqualityComparer.Instance);
        foreach (var asAdditional in errors
                     .Where(e => e.Kind is ValidationErrorKind.NoAdditionalPropertiesAllowed or ValidationErrorKind.AdditionalPropertiesNotValid
                         && e.Token is { } token && matchedTokens.Contains(token))
                     .ToList())
        {
            errors.Remove(asAdditional);
        }

        foreach (var (property, propertySchema) in matches)
        {
            var propertyErrors = Validate(property.Value, propertySchema.ActualSchema, schemaType, null, property.Path);
            if (propertyErrors.Count > 0)
            {
                errors.Add(new ChildSchemaValidationError(
                    ValidationErrorKind.AdditionalPropertiesNotValid, property.Name, property.Path,
                    new Dictionary<JsonSchema, ICollection<ValidationError>> { [propertySchema] = propertyErrors }, property.Value, propertySchema));
            }
        }
    }

    private static string? TextOf(JToken token) =>
        token.Type is JTokenType.String or JTokenType.Guid or JTokenType.Uri or JTokenType.TimeSpan ? token.Value<string>() : null;
}

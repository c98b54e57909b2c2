using System.Text.RegularExpressions;
using NJsonSchema;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// One <c>pattern</c> of a broker's schema, matched within a <see cref="SchemaCheckBudget"/>. .NET's non-backtracking
/// engine matches in time linear in the text, so a pattern like <c>^(a+)+$</c> costs nothing; a pattern it does not
/// support (backreferences, lookarounds, atomic groups) runs on the backtracking engine with what is left of the budget
/// as its timeout.
/// </summary>
internal sealed class SchemaPattern(string pattern, TimeSpan longestMatch)
{
    private readonly Lazy<Regex?> linear = new(() => NonBacktracking(pattern, longestMatch), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Pattern { get; } = pattern;

    /// <summary>Throws <see cref="SchemaCheckBudgetSpentException"/> when the budget runs out first, and an ArgumentException for an invalid pattern.</summary>
    public bool IsMatch(string text, SchemaCheckBudget budget)
    {
        budget.ThrowIfSpent();
        try
        {
            if (linear.Value is { } regex)
            {
                return regex.IsMatch(text); // linear, and still bounded by the budget as a whole should the text be huge
            }

            // Read once: what is left may run out between a check and its use, and a timeout of zero is no timeout.
            var remaining = budget.Remaining;
            return remaining > TimeSpan.Zero
                ? Regex.IsMatch(text, Pattern, RegexOptions.None, remaining)
                : throw new SchemaCheckBudgetSpentException();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new SchemaCheckBudgetSpentException();
        }
    }

    /// <summary>
    /// Takes every <c>pattern</c> and every <c>patternProperties</c> out of the schema and the schemas it reaches, so that
    /// the validator (which would match them with no budget) never sees them; answers them by the schema object they
    /// belonged to. <paramref name="longestMatch"/> bounds one match (the request's whole budget).
    /// </summary>
    public static TakenPatterns TakeAll(JsonSchema root, TimeSpan longestMatch)
    {
        var patterns = new Dictionary<JsonSchema, SchemaPattern>(ReferenceEqualityComparer.Instance);
        var propertyPatterns = new Dictionary<JsonSchema, IReadOnlyList<(SchemaPattern Pattern, JsonSchema Schema)>>(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<JsonSchema>();
        pending.Push(root);
        while (pending.TryPop(out var schema))
        {
            if (!seen.Add(schema))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(schema.Pattern))
            {
                patterns[schema] = new SchemaPattern(schema.Pattern, longestMatch);
                schema.Pattern = null;
            }

            foreach (var next in Reachable(schema))
            {
                pending.Push(next);
            }

            if (schema.PatternProperties.Count > 0)
            {
                propertyPatterns[schema] = schema.PatternProperties
                    .Select(p => (new SchemaPattern(p.Key, longestMatch), (JsonSchema)p.Value)).ToList();
                schema.PatternProperties.Clear();
            }
        }

        return new TakenPatterns(patterns, propertyPatterns);
    }

    private static IEnumerable<JsonSchema> Reachable(JsonSchema schema)
    {
        if (schema.HasReference)
        {
            yield return schema.ActualSchema;
        }

        foreach (var child in schema.Properties.Values.Concat<JsonSchema>(schema.PatternProperties.Values).Concat(schema.Definitions.Values)
                     .Concat(schema.AllOf).Concat(schema.AnyOf).Concat(schema.OneOf).Concat(schema.Items))
        {
            yield return child;
        }

        foreach (var child in new[] { schema.Not, schema.Item, schema.AdditionalPropertiesSchema, schema.AdditionalItemsSchema })
        {
            if (child is not null)
            {
                yield return child;
            }
        }
    }

    private static Regex? NonBacktracking(string pattern, TimeSpan longestMatch)
    {
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking, longestMatch);
        }
        catch (NotSupportedException)
        {
            return null; // a construct only the backtracking engine has
        }
    }
}

/// <summary>
/// What <see cref="SchemaPattern.TakeAll"/> took out of a parsed schema: each schema's <c>pattern</c>, and each schema's
/// <c>patternProperties</c> in order (a property name takes the schema of the first pattern it matches).
/// </summary>
internal sealed record TakenPatterns(
    IReadOnlyDictionary<JsonSchema, SchemaPattern> Patterns,
    IReadOnlyDictionary<JsonSchema, IReadOnlyList<(SchemaPattern Pattern, JsonSchema Schema)>> PropertyPatterns);

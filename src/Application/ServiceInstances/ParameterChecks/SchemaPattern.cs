using System.Text.RegularExpressions;
using NJsonSchema;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// One <c>pattern</c> of a broker's schema, matched within a <see cref="SchemaCheckBudget"/>. .NET's non-backtracking
/// engine matches in time linear in the text, so a pattern like <c>^(a+)+$</c> costs nothing; a pattern it does not
/// support (backreferences, lookarounds, atomic groups) runs on the backtracking engine with what is left of the budget
/// as its timeout.
/// </summary>
internal sealed class SchemaPattern(string pattern)
{
    private readonly Lazy<Regex?> linear = new(() => NonBacktracking(pattern), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Pattern { get; } = pattern;

    /// <summary>Throws <see cref="SchemaCheckBudgetSpentException"/> when the budget runs out first, and an ArgumentException for an invalid pattern.</summary>
    public bool IsMatch(string text, SchemaCheckBudget budget)
    {
        budget.ThrowIfSpent();
        if (linear.Value is { } regex)
        {
            return regex.IsMatch(text);
        }

        try
        {
            return Regex.IsMatch(text, Pattern, RegexOptions.None, budget.Remaining);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new SchemaCheckBudgetSpentException();
        }
    }

    /// <summary>
    /// Takes every <c>pattern</c> out of the schema and the schemas it reaches, so that the validator (which would match
    /// them with no budget) never sees them; answers them by the schema object they belonged to.
    /// </summary>
    public static IReadOnlyDictionary<JsonSchema, SchemaPattern> TakeAll(JsonSchema root)
    {
        var patterns = new Dictionary<JsonSchema, SchemaPattern>(ReferenceEqualityComparer.Instance);
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
                patterns[schema] = new SchemaPattern(schema.Pattern);
                schema.Pattern = null;
            }

            foreach (var next in Reachable(schema))
            {
                pending.Push(next);
            }
        }

        return patterns;
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

    private static Regex? NonBacktracking(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException)
        {
            return null; // a construct only the backtracking engine has
        }
    }
}

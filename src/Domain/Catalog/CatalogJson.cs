using System.Text.Json;

namespace Marketplace.Domain.Catalog;

/// <summary>Compares stored raw JSON blobs by meaning, so re-indenting or reordering keys is no change.</summary>
internal static class CatalogJson
{
    public static bool SameJson(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (string.Equals(left, right, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            using var a = JsonDocument.Parse(left);
            using var b = JsonDocument.Parse(right);
            return JsonElement.DeepEquals(a.RootElement, b.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static bool SameStrings(IReadOnlyList<string> left, IReadOnlyList<string> right) =>
        left.SequenceEqual(right, StringComparer.Ordinal);
}

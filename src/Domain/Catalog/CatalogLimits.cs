namespace Marketplace.Domain.Catalog;

/// <summary>
/// How much of a catalog the marketplace takes from a broker (configuration section <c>Catalog:Limits</c>). The
/// defaults admit a catalog of 1,000 services with 10 plans each, with schemas, several times over.
/// </summary>
public sealed class CatalogLimits
{
    public const string Section = "Catalog:Limits";

    /// <summary>The <c>GET /v2/catalog</c> answer as sent, in bytes.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Service offerings in one catalog.</summary>
    public int MaxServices { get; set; } = 5_000;

    /// <summary>Plans in one catalog, all services together.</summary>
    public int MaxPlans { get; set; } = 50_000;

    /// <summary>One plan schema, as compact UTF-8 JSON (C24: 64 kB).</summary>
    public int MaxSchemaBytes { get; set; } = 64 * 1024;

    /// <summary>One service's or plan's <c>metadata</c>, as compact UTF-8 JSON.</summary>
    public int MaxMetadataBytes { get; set; } = 64 * 1024;

    /// <summary>Nesting anywhere in the catalog; at most 48, so that whatever is stored can be answered inside our own responses.</summary>
    public int MaxDepth { get; set; } = 48;

    public static CatalogLimits Default { get; } = new();

    /// <summary>The most an answer can be buffered in memory (1 GiB).</summary>
    public const long MaxBufferBytes = 1L << 30;

    /// <summary>What these limits let through, for the catalog's fingerprint: a document checked under other limits is checked again.</summary>
    public string Signature => $"{MaxBytes}|{MaxServices}|{MaxPlans}|{MaxSchemaBytes}|{MaxMetadataBytes}|{MaxDepth}";

    /// <summary>Throws, naming the key, for values with which no catalog could be taken; called at start.</summary>
    public void Validate()
    {
        Require(MaxBytes is >= 1024 and <= MaxBufferBytes, nameof(MaxBytes), $"between 1024 and {MaxBufferBytes}");
        Require(MaxServices >= 1, nameof(MaxServices), "1 or more");
        Require(MaxPlans >= 1, nameof(MaxPlans), "1 or more");
        Require(MaxSchemaBytes >= 2, nameof(MaxSchemaBytes), "2 or more");
        Require(MaxMetadataBytes >= 2, nameof(MaxMetadataBytes), "2 or more");
        Require(MaxDepth is >= 4 and <= 48, nameof(MaxDepth), "between 4 and 48");
    }

    private static void Require(bool valid, string key, string expected)
    {
        if (!valid)
        {
            throw new InvalidOperationException($"{Section}:{key} must be {expected}.");
        }
    }
}

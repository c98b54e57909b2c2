namespace Marketplace.Domain.Catalog;

/// <summary>
/// One thing wrong with a broker's catalog (C26). <see cref="Path"/> points at the offending value in the
/// broker's JSON, e.g. <c>services[1].plans[0].id</c>; <c>$</c> is the body itself.
/// </summary>
public sealed record CatalogProblem(string Path, string Message)
{
    /// <summary>The path of the body as a whole.</summary>
    public const string RootPath = "$";

    /// <summary>All problems in one text, one per line, e.g. for <see cref="ConnectionCatalog.LastError"/>.</summary>
    public static string Summarize(IEnumerable<CatalogProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var lines = problems.Select(p => p.ToString()).ToList();
        return lines.Count switch
        {
            0 => "The catalog is invalid.",
            1 => $"The catalog is invalid: {lines[0]}",
            _ => $"The catalog is invalid ({lines.Count} problems):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}",
        };
    }

    public override string ToString() => $"{Path}: {Message}";
}

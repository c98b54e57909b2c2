using System.Diagnostics.CodeAnalysis;

namespace Marketplace.Domain.Catalog;

/// <summary>
/// What <see cref="CatalogParser.Parse"/> found: the catalog when it is valid, otherwise every problem.
/// </summary>
public sealed class CatalogParseResult
{
    private CatalogParseResult(BrokerCatalog? catalog, IReadOnlyList<CatalogProblem> problems)
    {
        Catalog = catalog;
        Problems = problems;
    }

    [MemberNotNullWhen(true, nameof(Catalog))]
    public bool IsValid => Catalog is not null;

    /// <summary>Every problem found, in document order; empty when the catalog is valid.</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; }

    /// <summary>The parsed catalog; only when <see cref="IsValid"/>.</summary>
    public BrokerCatalog? Catalog { get; }

    internal static CatalogParseResult Valid(BrokerCatalog catalog) => new(catalog, []);

    internal static CatalogParseResult Invalid(IReadOnlyList<CatalogProblem> problems) => new(null, problems);
}

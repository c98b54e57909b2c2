namespace Marketplace.Domain.Catalog;

/// <summary>
/// A broker catalog that cannot be accepted (C26), with every problem found. Thrown by
/// <see cref="ConnectionCatalog.Apply"/> before it changes anything; the application may also throw it
/// for a <see cref="CatalogParseResult"/> that is not valid, so one mapping (422, <see cref="ErrorCode"/>,
/// the problems listed) covers both.
/// </summary>
public sealed class InvalidCatalogException : Exception
{
    public const string ErrorCode = "broker.catalog_invalid";

    public InvalidCatalogException(IReadOnlyList<CatalogProblem> problems)
        : base(CatalogProblem.Summarize(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<CatalogProblem> Problems { get; }
}

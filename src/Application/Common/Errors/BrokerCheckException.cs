using Marketplace.Domain.Catalog;

namespace Marketplace.Application.Common.Errors;

/// <summary>
/// The broker check on save failed (422): unreachable, timeout, TLS, 401 from the broker, forbidden endpoint,
/// or an invalid catalog — then with every problem found. Nothing was saved.
/// </summary>
public sealed class BrokerCheckException(string code, string message, IReadOnlyList<CatalogProblem>? problems = null)
    : Exception(message)
{
    public string Code { get; } = code;

    public IReadOnlyList<CatalogProblem> Problems { get; } = problems ?? [];
}

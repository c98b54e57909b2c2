using System.Security.Cryptography;
using System.Text;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.Osb;

namespace Marketplace.Application.Catalog;

/// <summary>
/// Fetches <c>/v2/catalog</c> from a connection and parses it, turning every way it can fail into a
/// <see cref="BrokerCheckException"/> with a precise code (422 on save; the recorded error on refresh).
/// </summary>
public sealed class CatalogCheck(IServiceBrokerClient client, CatalogLimits limits)
{
    /// <summary>Fetches the catalog document (any failure to get one is a <see cref="BrokerCheckException"/>), not yet parsed.</summary>
    public async Task<FetchedCatalog> FetchAsync(BrokerConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var answer = await client.FetchCatalogAsync(connection, cancellationToken);
        var document = answer switch
        {
            OsbAnswer.CatalogDocument catalog => catalog.Json,
            OsbAnswer.NoAnswer { Kind: NoAnswerKind.Unreachable } none => throw new BrokerCheckException("broker.unreachable", none.Reason),
            OsbAnswer.NoAnswer { Kind: NoAnswerKind.Timeout } none => throw new BrokerCheckException("broker.timeout", none.Reason),
            OsbAnswer.NoAnswer { Kind: NoAnswerKind.TlsInvalid } none => throw new BrokerCheckException("broker.tls_invalid", none.Reason),
            OsbAnswer.NoAnswer none => throw new BrokerCheckException("broker.endpoint_forbidden", none.Reason),
            OsbAnswer.Unauthorized refused => throw new BrokerCheckException(
                "broker.unauthorized",
                $"The broker refused the credentials (HTTP {refused.Status}){Describe(refused.Error)}. Check username and password."),
            OsbAnswer.Malformed malformed => throw new BrokerCheckException(
                "broker.catalog_invalid",
                $"The catalog could not be taken: {malformed.Problem}",
                [new CatalogProblem(CatalogProblem.RootPath, malformed.Problem)]),
            OsbAnswer.Redirect => throw new BrokerCheckException(
                "broker.endpoint_forbidden",
                $"The broker answered with a redirect (HTTP {answer.Status}); redirects are not followed. Register the final URL."),
            _ => throw new BrokerCheckException(
                "broker.catalog_invalid",
                $"GET /v2/catalog answered HTTP {answer.Status}{Describe((answer as OsbAnswer.Refusal)?.Error)}; only 200 is a catalog.",
                [new CatalogProblem(CatalogProblem.RootPath, $"HTTP {answer.Status} instead of 200")]),
        };

        return new FetchedCatalog(document, limits);
    }

    /// <summary>The OSB error body's description, when the broker sent one.</summary>
    private static string Describe(OsbError? error) => error?.Description is { } description ? $": {description}" : string.Empty;
}

/// <summary>A catalog document as the broker sent it: its fingerprint, and the catalog once parsed and checked.</summary>
public sealed class FetchedCatalog(string document, CatalogLimits limits)
{
    /// <summary>
    /// SHA-256 (hex) of the document's UTF-8 bytes and of the rules it was checked by (the parser's revision and the
    /// limits): the same bytes under the same rules as last time means the same catalog.
    /// </summary>
    public string Fingerprint { get; } = FingerprintOf(document, limits);

    private static string FingerprintOf(string document, CatalogLimits limits)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(document));
        hash.AppendData(Encoding.UTF8.GetBytes($"\n{CatalogParser.Revision}|{limits.Signature}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The parsed catalog; a <see cref="BrokerCheckException"/> (<c>broker.catalog_invalid</c>) with every problem otherwise.</summary>
    public BrokerCatalog Parse()
    {
        var parsed = CatalogParser.Parse(document, limits);
        if (!parsed.IsValid)
        {
            throw new BrokerCheckException(
                "broker.catalog_invalid", CatalogProblem.Summarize(parsed.Problems), parsed.Problems);
        }

        return parsed.Catalog;
    }
}

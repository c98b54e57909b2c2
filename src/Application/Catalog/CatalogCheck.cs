using System.Text.Json;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Catalog;

namespace Marketplace.Application.Catalog;

/// <summary>
/// Fetches <c>/v2/catalog</c> from a connection and parses it, turning every way it can fail into a
/// <see cref="BrokerCheckException"/> with a precise code (422 on save; the recorded error on refresh).
/// </summary>
public sealed class CatalogCheck(IServiceBrokerClient client)
{
    public async Task<BrokerCatalog> FetchValidCatalogAsync(BrokerConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var result = await client.FetchCatalogAsync(connection, cancellationToken);
        switch (result.Outcome)
        {
            case BrokerCallOutcome.Unreachable:
                throw new BrokerCheckException("broker.unreachable", result.Error ?? "The broker could not be reached.");
            case BrokerCallOutcome.Timeout:
                throw new BrokerCheckException("broker.timeout", result.Error ?? "The broker did not answer in time.");
            case BrokerCallOutcome.TlsInvalid:
                throw new BrokerCheckException("broker.tls_invalid", result.Error ?? "The broker's TLS certificate is not valid.");
            case BrokerCallOutcome.EndpointForbidden:
                throw new BrokerCheckException("broker.endpoint_forbidden", result.Error ?? "The broker endpoint is not allowed.");
        }

        switch (result.Status)
        {
            case 401 or 403:
                throw new BrokerCheckException(
                    "broker.unauthorized",
                    $"The broker refused the credentials (HTTP {result.Status}){Describe(result.Body)}. Check username and password.");
            case >= 300 and < 400:
                throw new BrokerCheckException(
                    "broker.endpoint_forbidden",
                    $"The broker answered with a redirect (HTTP {result.Status}); redirects are not followed. Register the final URL.");
            case not 200:
                throw new BrokerCheckException(
                    "broker.catalog_invalid",
                    $"GET /v2/catalog answered HTTP {result.Status}{Describe(result.Body)}; only 200 is a catalog.",
                    [new CatalogProblem(CatalogProblem.RootPath, $"HTTP {result.Status} instead of 200")]);
        }

        var parsed = CatalogParser.Parse(result.Body ?? string.Empty);
        if (!parsed.IsValid)
        {
            throw new BrokerCheckException(
                "broker.catalog_invalid", CatalogProblem.Summarize(parsed.Problems), parsed.Problems);
        }

        return parsed.Catalog;
    }

    /// <summary>The OSB error body's description, when the broker sent one.</summary>
    private static string Describe(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object &&
                   json.RootElement.TryGetProperty("description", out var description) &&
                   description.ValueKind == JsonValueKind.String
                ? $": {description.GetString()}"
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}

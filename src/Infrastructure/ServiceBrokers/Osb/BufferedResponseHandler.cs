using Marketplace.Domain.Catalog;

namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>
/// Reads a broker's whole answer inside the request, so that the connection's timeout covers the body too
/// (a broker that sends headers and then stalls must time out), and refuses bodies beyond a size limit:
/// <c>Catalog:Limits:MaxBytes</c> for the catalog, <c>Brokers:MaxAnswerBytes</c> for every other answer.
/// </summary>
internal sealed class BufferedResponseHandler(BrokerNetworkOptions network, CatalogLimits catalog) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (limit, key) = request.RequestUri?.AbsolutePath.EndsWith("/v2/catalog", StringComparison.Ordinal) == true
            ? (catalog.MaxBytes, $"{CatalogLimits.Section}:{nameof(CatalogLimits.MaxBytes)}")
            : (network.MaxAnswerBytes, $"{BrokerNetworkOptions.Section}:{nameof(BrokerNetworkOptions.MaxAnswerBytes)}");
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            if (response.Content.Headers.ContentLength > limit)
            {
                throw new AnswerTooLargeException((int)response.StatusCode, limit, key);
            }

            await response.Content.LoadIntoBufferAsync(limit, cancellationToken);
            return response;
        }
        catch (HttpRequestException e) when (e is not AnswerTooLargeException && e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            response.Dispose();
            throw new AnswerTooLargeException((int)response.StatusCode, limit, key);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

/// <summary>The broker's answer is larger than the marketplace takes: a malformed answer with the status it came with.</summary>
internal sealed class AnswerTooLargeException(int status, long limit, string key)
    : HttpRequestException($"The broker's answer is larger than {limit} bytes, the most the marketplace takes ({key}); nothing of it was kept.")
{
    public int Status { get; } = status;
}

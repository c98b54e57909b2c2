namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>
/// Reads a broker's whole answer inside the request, so that the connection's timeout covers the body too
/// (a broker that sends headers and then stalls must time out), and refuses bodies beyond a size limit.
/// </summary>
internal sealed class BufferedResponseHandler : DelegatingHandler
{
    /// <summary>The largest answer we take from a broker; catalogs of hundreds of plans stay far below it.</summary>
    public const long MaxResponseBytes = 10 * 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxResponseBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

namespace Marketplace.Domain.Brokers;

/// <summary>
/// The root URL of a broker deployment: absolute http(s), no credentials, no query, no fragment.
/// Stored without a trailing slash so that "/v2/catalog" can be appended.
/// </summary>
public static class BrokerEndpoint
{
    public const int MaxLength = 2048;

    public static bool TryNormalize(string? value, out string normalized, out string? problem)
    {
        normalized = string.Empty;
        if (value?.Length > MaxLength)
        {
            problem = $"may have at most {MaxLength} characters";
            return false;
        }

        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri))
        {
            problem = "must be an absolute http:// or https:// URL";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"must use http:// or https://, not {uri.Scheme}://";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            problem = "must not contain credentials; send them as username and password";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || value.Contains('#', StringComparison.Ordinal))
        {
            problem = "must be a root URL without query or fragment";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            problem = "must name a host";
            return false;
        }

        // Normalising can lengthen a URL (percent-encoding, an IDN host), and the normalised form is what is stored.
        var candidate = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (candidate.Length > MaxLength)
        {
            problem = $"may have at most {MaxLength} characters once normalised (this one has {candidate.Length})";
            return false;
        }

        problem = null;
        normalized = candidate;
        return true;
    }

    public static bool IsHttps(string endpoint) =>
        endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

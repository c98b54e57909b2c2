using Microsoft.Net.Http.Headers;

namespace Marketplace.Api.Infrastructure;

/// <summary>ETag / If-Match over an aggregate's concurrency version.</summary>
internal static class ETags
{
    public static string Format(Guid version) => $"\"{version:N}\"";

    /// <summary>
    /// The version an <c>If-Match</c> header asks for: null when absent or <c>*</c>; a value that names no
    /// version at all (malformed) can never match, so the write is refused as stale.
    /// </summary>
    public static Guid? ExpectedVersion(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return Guid.TryParse(value.Trim('"'), out var version) ? version : Guid.Empty;
    }

    public static void Set(HttpResponse response, Guid version) => response.Headers.ETag = Format(version);

    /// <summary>This build of the app: an answer's shape can change with it while the marketplace version stays.</summary>
    private static readonly string Build = typeof(ETags).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    /// <summary>
    /// For reads whose answer is a function of their URL and the marketplace version (P1, ADR 0009): sets a weak ETag and
    /// <c>Cache-Control: private, no-cache</c> (a client keeps the answer and asks again with <c>If-None-Match</c>), and
    /// answers whether the request's <c>If-None-Match</c> names it, so the caller answers 304.
    /// </summary>
    public static bool SetAndMatchMarketplaceVersion(HttpContext http, long version)
    {
        ArgumentNullException.ThrowIfNull(http);
        var etag = new EntityTagHeaderValue($"\"m{version}-{Build}\"", isWeak: true);
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = "private, no-cache";
        return EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var candidates)
            && candidates.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
    }
}

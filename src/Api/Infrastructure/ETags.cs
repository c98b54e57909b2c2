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
}

using System.Net;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>An installation behind a reverse proxy on this machine's loopback address.</summary>
public sealed class BehindLoopbackProxyApp : SqliteMarketplaceApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("ForwardedHeaders:KnownProxies:0", "127.0.0.1"), new("ForwardedHeaders:KnownProxies:1", "::1")];
}

/// <summary>An installation that names no proxy: forwarded headers are anyone's words.</summary>
public sealed class NoProxyApp : SqliteMarketplaceApp;

/// <summary>
/// Forwarded headers count only from configured proxies; with them, an https request at the proxy gets HSTS and a
/// <c>Secure</c> dashboard cookie, and without them a client cannot pretend to be on https.
/// </summary>
public sealed class ForwardedHeadersTests(BehindLoopbackProxyApp proxied, NoProxyApp direct)
    : IClassFixture<BehindLoopbackProxyApp>, IClassFixture<NoProxyApp>
{
    private static async Task<HttpResponseMessage> DashboardSessionAsync(MarketplaceApp app)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ops/dashboard-session");
        request.Headers.Host = "marketplace.example.com";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var response = await app.AsPlatformAdmin().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return response;
    }

    [Fact]
    public async Task Behind_a_configured_proxy_an_https_request_gets_HSTS_and_a_secure_dashboard_cookie()
    {
        var response = await DashboardSessionAsync(proxied);

        response.Headers.GetValues("Set-Cookie").Single().ShouldContain("secure", Case.Insensitive);
        response.Headers.Contains("Strict-Transport-Security").ShouldBeTrue();
    }

    [Fact]
    public async Task Without_a_configured_proxy_forwarded_headers_change_nothing()
    {
        var response = await DashboardSessionAsync(direct);

        response.Headers.GetValues("Set-Cookie").Single().ShouldNotContain("secure", Case.Insensitive);
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }
}

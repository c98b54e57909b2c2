using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>An installation that keeps the default outside Development: no broker on internal addresses.</summary>
public sealed class PrivateNetworkForbiddenApp : SqliteMarketplaceApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Brokers:AllowPrivateNetworkEndpoints", "false")];
}

/// <summary>Server-side request forgery: endpoints resolving to loopback, link-local or private ranges are refused on connect.</summary>
public sealed class EndpointPolicyTests(PrivateNetworkForbiddenApp app) : IClassFixture<PrivateNetworkForbiddenApp>
{
    [Theory]
    [InlineData("http://localhost:{port}/")]
    [InlineData("http://127.0.0.1:{port}/")]
    [InlineData("http://[::1]:{port}/")]
    [InlineData("http://169.254.169.254/")]
    [InlineData("http://10.1.2.3/")]
    [InlineData("https://192.168.1.10/")]
    public async Task Internal_endpoints_are_refused_with_endpoint_forbidden(string endpointTemplate)
    {
        var endpoint = endpointTemplate.Replace("{port}", app.Broker.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var admin = app.AsPlatformAdmin();
        var identifier = $"c{Guid.NewGuid():N}"[..20];
        var customer = JsonNode.Parse(await (await admin.PostAsJsonAsync("/api/customers", new { identifier, name = "SSRF" })).Content.ReadAsStringAsync())!;
        var customerId = customer["id"]!.GetValue<Guid>();
        (await admin.PutAsync($"/api/customers/{customerId}/admins/owner", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var before = app.Broker.Requests.Count;

        var response = await app.As("owner").PostAsJsonAsync("/api/brokers", new
        {
            customerId, name = "Internal", identifier = $"b{Guid.NewGuid():N}"[..20], endpoint,
            username = MarketplaceApp.BrokerUsername, password = MarketplaceApp.BrokerPassword,
        });

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(422, body);
        JsonNode.Parse(body)!["code"]!.GetValue<string>().ShouldBe("broker.endpoint_forbidden");
        if (endpoint.Contains("localhost", StringComparison.Ordinal))
        {
            body.ShouldNotContain("127.0.0.1", customMessage: "the answer names the host given, not the addresses it resolved to");
            body.ShouldNotContain("::1");
        }

        app.Broker.Requests.Count.ShouldBe(before, "no request reached the broker on loopback");
    }
}

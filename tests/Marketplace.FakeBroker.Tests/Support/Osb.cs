using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Marketplace.FakeBroker.Tests.Support;

/// <summary>A plain HttpClient speaking OSB to a fake broker; every wait is bounded.</summary>
internal static class Osb
{
    public const string User = "u";
    public const string Password = "p:with:colons";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Task<FakeOsbBroker> StartBrokerAsync() =>
        FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = User, Password = Password });

    /// <summary>A client sending Basic auth and <c>X-Broker-API-Version: 2.17</c> unless told otherwise.</summary>
    public static HttpClient Client(FakeOsbBroker broker, bool auth = true, string? apiVersion = "2.17", HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = broker.BaseAddress, Timeout = Timeout };
        if (auth)
        {
            client.DefaultRequestHeaders.Authorization = Basic(User, Password);
        }
        if (apiVersion is not null)
        {
            client.DefaultRequestHeaders.Add("X-Broker-API-Version", apiVersion);
        }
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string ProvisionBody(string planId = SampleCatalog.DatabaseSmallPlanId) => $$"""
        { "service_id": "{{SampleCatalog.DatabaseServiceId}}", "plan_id": "{{planId}}",
          "organization_guid": "org-1", "space_guid": "space-1",
          "context": { "platform": "marketplace" }, "parameters": { "storage_gb": 5 } }
        """;

    public static string BindBody() => $$"""
        { "service_id": "{{SampleCatalog.DatabaseServiceId}}", "plan_id": "{{SampleCatalog.DatabaseSmallPlanId}}" }
        """;

    public static string DeleteQuery(string planId = SampleCatalog.DatabaseSmallPlanId) =>
        $"service_id={SampleCatalog.DatabaseServiceId}&plan_id={planId}";

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}

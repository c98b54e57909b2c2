using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>
/// P1 with several processes on one database (A5): a node keeps each project's listing and who may read it cached for
/// one value of the marketplace version; a write through another node moves that version in its own transaction, so
/// the change shows in this node's very next read — no waiting, no expiry.
/// </summary>
public sealed class MarketplaceAcrossNodesTests(SqliteMarketplaceApp first) : IClassFixture<SqliteMarketplaceApp>
{
    [Fact]
    public async Task A_write_through_one_node_shows_in_the_next_read_through_another()
    {
        await using var second = await AppProcess.StartAsync(first.Settings);
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var customerIdentifier = $"nodes-{suffix}";
        using var admin = first.AsPlatformAdmin();
        var customerId = (await JsonAsync(await admin.PostAsJsonAsync("/api/customers", new { identifier = customerIdentifier, name = "Nodes" }), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        (await admin.PutAsync($"/api/customers/{customerId}/admins/owner-{suffix}", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var owner = first.As($"owner-{suffix}");
        var projectId = (await JsonAsync(await owner.PostAsJsonAsync($"/api/customers/{customerId}/projects", new { identifier = "web", name = "Web" }), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        (await owner.PutAsync($"/api/projects/{projectId}/members/member-{suffix}", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var brokerId = (await JsonAsync(await owner.PostAsJsonAsync("/api/brokers", new
        {
            customerId, name = "Nodes broker", identifier = $"nodes-{suffix}", endpoint = fake.BaseAddress.ToString(), username = "u", password = "p",
        }), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var location = $"/api/projects/{projectId}/locations/private-{customerIdentifier}";
        (await owner.PutAsync(location, null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var memberOnSecond = second.Client(first.Tokens.For($"member-{suffix}"));
        var services = $"/api/projects/{projectId}/marketplace/services";
        (await NamesAsync(memberOnSecond, services)).Count.ShouldBe(2, "the second node's cache is now warm");

        (await owner.DeleteAsync(location)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await NamesAsync(memberOnSecond, services)).ShouldBeEmpty("the location was disabled through the first node");
        (await owner.PutAsync(location, null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await NamesAsync(memberOnSecond, services)).Count.ShouldBe(2, "and enabled again");

        // A catalog change: the broker drops a service, the first node refreshes.
        var catalog = fake.Catalog;
        var kept = catalog["services"]!.AsArray().Where(s => s!["id"]!.GetValue<string>() != SampleCatalog.CacheServiceId).Select(s => s!.DeepClone()).ToArray();
        catalog["services"] = new JsonArray(kept);
        fake.Catalog = catalog;
        (await owner.PostAsync($"/api/brokers/{brokerId}/catalog/refresh", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await JsonAsync(await owner.GetAsync($"/api/brokers/{brokerId}/catalog"), HttpStatusCode.OK))["services"]!.AsArray()
               .Any(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.CacheServiceId && s["active"]!.GetValue<bool>()))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the refresh did not run within 30 s");
            await Task.Delay(100);
        }

        (await NamesAsync(memberOnSecond, services)).ShouldBe([SampleCatalog.DatabaseServiceName], "the refreshed catalog");

        // Who may read the project is cached too, and a removed member loses access at once.
        (await owner.DeleteAsync($"/api/projects/{projectId}/members/member-{suffix}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await memberOnSecond.GetAsync(services)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string url) =>
        (await JsonAsync(await client.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        return JsonNode.Parse(body)!.AsObject();
    }
}

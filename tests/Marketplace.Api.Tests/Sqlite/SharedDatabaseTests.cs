using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>Several app processes on one database: catalog refreshes of one connection never overlap.</summary>
public sealed class SharedDatabaseTests(SqliteMarketplaceApp first) : IClassFixture<SqliteMarketplaceApp>
{
    [Fact]
    public async Task Two_app_processes_never_fetch_the_same_catalog_at_the_same_time()
    {
        // The second node is a real process on the same database file, key ring and token keys.
        await using var second = await AppProcess.StartAsync(first.Settings);
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });

        var admin = first.AsPlatformAdmin();
        var customer = JsonNode.Parse(await (await admin.PostAsJsonAsync("/api/customers", new { identifier = "shared-db", name = "Shared" })).Content.ReadAsStringAsync())!;
        var customerId = customer["id"]!.GetValue<Guid>();
        (await admin.PutAsync($"/api/customers/{customerId}/admins/owner", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var registered = await first.As("owner").PostAsJsonAsync("/api/brokers", new
        {
            customerId, name = "Shared", identifier = "shared-broker", endpoint = fake.BaseAddress.ToString(), username = "u", password = "p",
        });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        var brokerId = JsonNode.Parse(await registered.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();

        fake.Reset();
        fake.CatalogDelay = TimeSpan.FromMilliseconds(800);
        var ownerToken = first.Tokens.For("owner");
        using var secondClient = second.Client(ownerToken);
        var triggers = Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? first.As("owner") : secondClient).PostAsync($"/api/brokers/{brokerId}/catalog/refresh", null));
        foreach (var response in await Task.WhenAll(triggers))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, second.Output);
        }

        await fake.WaitForRequestAsync(r => r.Operation == OsbOperation.Catalog, TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(3));
        fake.RequestsFor(OsbOperation.Catalog).Count.ShouldBeGreaterThan(0);
        fake.MaxConcurrentCatalogRequests.ShouldBe(1);
    }
}

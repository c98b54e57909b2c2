using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>Several nodes on one database: catalog refreshes of one connection never overlap.</summary>
public sealed class SharedDatabaseTests
{
    private sealed class Node(string databaseFile, string? keyRingCertificate) : SqliteMarketplaceApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            keyRingCertificate is null ? [] : [new("DataProtection:CertificatePath", keyRingCertificate)];

        protected override Task<DatabaseSettings> StartDatabaseAsync() =>
            Task.FromResult(new DatabaseSettings("Sqlite", $"Data Source={databaseFile}"));
    }

    [Fact]
    public async Task Two_nodes_never_fetch_the_same_catalog_at_the_same_time()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "marketplace-tests", Guid.NewGuid().ToString("N"))).FullName;
        var database = Path.Combine(folder, "shared.db");
        await using var first = new Node(database, null);
        await first.InitializeAsync();
        await using var second = new Node(database, Path.Combine(first.DataDirectory, "key-ring.pfx"));
        await second.InitializeAsync();
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
        var triggers = Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? first : second).As("owner").PostAsync($"/api/brokers/{brokerId}/catalog/refresh", null));
        foreach (var response in await Task.WhenAll(triggers))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await fake.WaitForRequestAsync(r => r.Operation == OsbOperation.Catalog, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(3));
        fake.RequestsFor(OsbOperation.Catalog).Count.ShouldBeGreaterThan(0);
        fake.MaxConcurrentCatalogRequests.ShouldBe(1);
    }
}

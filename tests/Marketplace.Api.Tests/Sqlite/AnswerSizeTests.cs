using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>An installation that takes catalogs of at most 4 KiB.</summary>
public sealed class SmallCatalogsApp : SqliteMarketplaceApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Catalog:Limits:MaxBytes", "4096")];
}

/// <summary>O4: a catalog answer over <c>Catalog:Limits:MaxBytes</c> is refused as <c>broker.catalog_invalid</c>, never a 500.</summary>
public sealed class AnswerSizeTests(SmallCatalogsApp app) : IClassFixture<SmallCatalogsApp>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_catalog_larger_than_the_limit_is_refused_with_the_reason(bool lengthAnnounced)
    {
        await using var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var catalog = SampleCatalog.Create();
        catalog["services"]![0]!["description"] = new string('d', 8 * 1024);
        broker.Catalog = catalog;
        if (lengthAnnounced)
        {
            // Content-Length first, then the body a byte at a time: refused on the length alone, before any of the body.
            broker.Script(OsbOperation.Catalog, ScriptedResponse.Dripping(200, catalog.ToJsonString(), TimeSpan.FromMilliseconds(1)));
        }

        // Otherwise the fake broker sends the catalog chunked, with no length: the limit is met while reading it.

        var admin = app.AsPlatformAdmin();
        var identifier = $"c{Guid.NewGuid():N}"[..20];
        var customer = JsonNode.Parse(await (await admin.PostAsJsonAsync("/api/customers", new { identifier, name = "Big catalogs" })).Content.ReadAsStringAsync())!;
        var customerId = customer["id"]!.GetValue<Guid>();
        (await admin.PutAsync($"/api/customers/{customerId}/admins/owner", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await app.As("owner").PostAsJsonAsync("/api/brokers", new
        {
            customerId, name = "Big", identifier = $"b{Guid.NewGuid():N}"[..20], endpoint = broker.BaseAddress.ToString(),
            username = "u", password = "p", developmentMode = true,
        });

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(422, body);
        var problem = JsonNode.Parse(body)!;
        problem["code"]!.GetValue<string>().ShouldBe("broker.catalog_invalid");
        problem["detail"]!.GetValue<string>().ShouldContain("larger than 4096 bytes");
        problem["problems"]!.AsArray().ShouldHaveSingleItem()!["path"]!.GetValue<string>().ShouldBe("$");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Domain.ServiceInstances;
using Marketplace.FakeBroker;
using Marketplace.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Contract.Catalog;

/// <summary>B4/B7, X2, O4: refreshes run as background jobs, diff by id and keep the last good catalog.</summary>
public sealed class CatalogRefreshTests(AppFixture app) : ApiTest(app)
{
    private async Task<(FakeOsbBroker Fake, Tenant Tenant, Guid BrokerId)> RegisterOwnBrokerAsync()
    {
        var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var tenant = await CreateTenantAsync();
        var broker = await Expect(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "Refreshed", identifier = Unique("refreshed"), endpoint = fake.BaseAddress.ToString(),
            username = "u", password = "p",
        }), HttpStatusCode.Created);
        return (fake, tenant, broker["id"]!.GetValue<Guid>());
    }

    /// <summary>Asks for a refresh (202 + Location) and waits, bounded, until the catalog shows it ran.</summary>
    private static async Task<JsonObject> RefreshAsync(HttpClient client, string catalogUrl)
    {
        var before = (await Expect(await client.GetAsync(catalogUrl), HttpStatusCode.OK)).ToJsonString();
        var accepted = await client.PostAsync($"{catalogUrl}/refresh", null);
        await Expect(accepted, HttpStatusCode.Accepted);
        accepted.Headers.Location!.ToString().ShouldBe(catalogUrl);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var now = await Expect(await client.GetAsync(catalogUrl), HttpStatusCode.OK);
            if (now.ToJsonString() != before)
            {
                return now;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The refresh did not run within 15 s.");
    }

    [Fact]
    [Trait("Checklist", "C20")]
    [Trait("Checklist", "C27")]
    [Trait("Checklist", "C28")]
    public async Task A_refresh_that_adds_changes_and_removes_plans_shows_the_diff_and_keeps_ids()
    {
        var (fake, tenant, brokerId) = await RegisterOwnBrokerAsync();
        await using var _ = fake;
        var url = $"/api/brokers/{brokerId}/catalog";
        var first = await Expect(await tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.OK);
        var databaseId = first["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!["id"]!.GetValue<string>();

        var catalog = SampleCatalog.Create();
        var database = catalog["services"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        database["name"] = "renamed-database";
        var plans = database["plans"]!.AsArray();
        plans.Remove(plans.Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseLargePlanId));
        plans.Add(JsonNode.Parse("""{ "id": "new-plan-id", "name": "medium", "description": "Medium" }"""));
        fake.Catalog = catalog;

        var refreshed = await RefreshAsync(tenant.CustomerAdmin, url);

        var change = refreshed["lastChange"]!;
        change["added"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldContain("renamed-database/medium");
        change["updated"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldContain("renamed-database");
        change["removed"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldContain("renamed-database/large");
        change["addedCount"]!.GetValue<int>().ShouldBe(1);
        var renamed = refreshed["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        renamed["id"]!.GetValue<string>().ShouldBe(databaseId, "C20: the broker id is the identity; a rename keeps our id");
        renamed["name"]!.GetValue<string>().ShouldBe("renamed-database");
    }

    [Fact]
    [Trait("Checklist", "C27")]
    public async Task A_removed_plan_that_still_has_instances_is_kept_inactive_and_others_disappear()
    {
        var (fake, tenant, brokerId) = await RegisterOwnBrokerAsync();
        await using var _ = fake;
        var url = $"/api/brokers/{brokerId}/catalog";
        var before = await Expect(await tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.OK);
        var database = before["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        Guid PlanId(string brokerPlanId) => database["plans"]!.AsArray().Single(p => p!["brokerPlanId"]!.GetValue<string>() == brokerPlanId)!["id"]!.GetValue<Guid>();
        await SeedInstanceAsync(tenant, database["id"]!.GetValue<Guid>(), PlanId(SampleCatalog.DatabaseLargePlanId));

        var catalog = SampleCatalog.Create();
        var plans = catalog["services"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!["plans"]!.AsArray();
        plans.Remove(plans.Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseLargePlanId));
        plans.Remove(plans.Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId));
        plans.Add(JsonNode.Parse("""{ "id": "replacement", "name": "replacement", "description": "Replacement" }"""));
        fake.Catalog = catalog;

        var after = await RefreshAsync(tenant.CustomerAdmin, url);

        var afterPlans = after["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!["plans"]!.AsArray();
        var large = afterPlans.Single(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.DatabaseLargePlanId)!;
        large["active"]!.GetValue<bool>().ShouldBeFalse();
        large["id"]!.GetValue<Guid>().ShouldBe(PlanId(SampleCatalog.DatabaseLargePlanId));
        afterPlans.ShouldNotContain(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId);
        after["lastChange"]!["deactivated"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldContain($"{SampleCatalog.DatabaseServiceName}/large");
        after["lastChange"]!["removed"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldContain($"{SampleCatalog.DatabaseServiceName}/small");
    }

    /// <summary>A member provisions an instance of the plan through the API (the fake broker answers synchronously).</summary>
    private async Task<string> SeedInstanceAsync(Tenant tenant, Guid serviceId, Guid planId)
    {
        await Expect(
            await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/private-{tenant.CustomerIdentifier}", null),
            HttpStatusCode.NoContent);
        var instance = await Expect(
            await tenant.Member.PostAsJsonAsync($"/api/projects/{tenant.ProjectId}/instances", new { name = Unique("instance"), serviceId, planId }),
            HttpStatusCode.Accepted);
        return $"/api/projects/{tenant.ProjectId}/instances/{instance["id"]}";
    }

    [Fact]
    public async Task A_refresh_of_the_same_document_changes_no_entry_and_records_an_empty_change()
    {
        var (fake, tenant, brokerId) = await RegisterOwnBrokerAsync();
        await using var _ = fake;
        var url = $"/api/brokers/{brokerId}/catalog";
        var before = await Expect(await tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.OK);

        var after = await RefreshAsync(tenant.CustomerAdmin, url);

        after["services"]!.ToJsonString().ShouldBe(before["services"]!.ToJsonString());
        after["lastRefreshedAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(before["lastRefreshedAt"]!.GetValue<DateTimeOffset>());
        after["lastChange"]!["addedCount"]!.GetValue<int>().ShouldBe(0);
        after["lastChange"]!["updatedCount"]!.GetValue<int>().ShouldBe(0);
        after["lastChange"]!["removedCount"]!.GetValue<int>().ShouldBe(0);
        after["lastError"].ShouldBeNull();
    }

    [Fact]
    [Trait("Checklist", "C27")]
    public async Task A_plan_kept_for_instances_goes_once_they_are_gone_even_when_the_document_did_not_change()
    {
        var (fake, tenant, brokerId) = await RegisterOwnBrokerAsync();
        await using var _ = fake;
        var url = $"/api/brokers/{brokerId}/catalog";
        var before = await Expect(await tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.OK);
        var database = before["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        var largeId = database["plans"]!.AsArray().Single(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.DatabaseLargePlanId)!["id"]!.GetValue<Guid>();
        var instanceUrl = await SeedInstanceAsync(tenant, database["id"]!.GetValue<Guid>(), largeId);
        var catalog = SampleCatalog.Create();
        var plans = catalog["services"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!["plans"]!.AsArray();
        plans.Remove(plans.Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseLargePlanId));
        fake.Catalog = catalog;
        var kept = await RefreshAsync(tenant.CustomerAdmin, url);
        kept["lastChange"]!["deactivated"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldContain($"{SampleCatalog.DatabaseServiceName}/large");

        await WaitForInstanceStateAsync(tenant.Member, instanceUrl, "ready");
        await Expect(await tenant.Member.DeleteAsync(instanceUrl), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(tenant.Member, instanceUrl);
        var after = await RefreshAsync(tenant.CustomerAdmin, url);

        after["lastChange"]!["removed"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldContain($"{SampleCatalog.DatabaseServiceName}/large");
        after["services"]!.AsArray().SelectMany(s => s!["plans"]!.AsArray()).ShouldNotContain(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.DatabaseLargePlanId);
    }

    private static async Task WaitForInstanceStateAsync(HttpClient client, string url, string state)
    {
        for (var i = 0; i < 150 && (await Expect(await client.GetAsync(url), HttpStatusCode.OK))["state"]!.GetValue<string>() != state; i++)
        {
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilGoneAsync(HttpClient client, string url)
    {
        for (var i = 0; i < 150; i++)
        {
            if ((await client.GetAsync(url)).StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} was not gone within 15 s.");
    }

    [Fact]
    [Trait("Checklist", "C26")]
    public async Task An_invalid_refresh_keeps_the_last_good_catalog_and_records_the_error()
    {
        var (fake, tenant, brokerId) = await RegisterOwnBrokerAsync();
        await using var _ = fake;
        var url = $"/api/brokers/{brokerId}/catalog";
        var good = await Expect(await tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.OK);
        fake.CatalogJson = """{ "services": [ { "id": "x" } ] }""";

        var after = await RefreshAsync(tenant.CustomerAdmin, url);

        after["lastError"]!.GetValue<string>().ShouldStartWith("broker.catalog_invalid");
        after["services"]!.ToJsonString().ShouldBe(good["services"]!.ToJsonString());
        after["lastRefreshedAt"]!.ToJsonString().ShouldBe(good["lastRefreshedAt"]!.ToJsonString());
    }

    [Fact]
    public async Task A_failing_broker_is_recorded_on_the_catalog_status()
    {
        var (fake, tenant, brokerId) = await RegisterOwnBrokerAsync();
        await using var _ = fake;
        fake.CatalogStatus = 503;
        var after = await RefreshAsync(tenant.CustomerAdmin, $"/api/brokers/{brokerId}/catalog");
        after["lastError"]!.GetValue<string>().ShouldContain("503");
        after["services"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    [Trait("Checklist", "A6")]
    public async Task An_on_demand_refresh_carries_the_requesting_users_identity()
    {
        var (fake, tenant, brokerId) = await RegisterOwnBrokerAsync();
        await using var _ = fake;
        fake.Reset();
        await RefreshAsync(tenant.CustomerAdmin, $"/api/brokers/{brokerId}/catalog");
        var request = await fake.WaitForRequestAsync(r => r.Operation == OsbOperation.Catalog, TimeSpan.FromSeconds(10));
        var identity = request.Header("X-Broker-API-Originating-Identity")!.Split(' ');
        identity[0].ShouldBe("marketplace");
        JsonNode.Parse(Convert.FromBase64String(identity[1]))!["user_id"]!.GetValue<string>().ShouldBe(tenant.AdminUser);
        request.Header("X-Broker-API-Version").ShouldBe("2.17");
        request.Header("X-Broker-API-Request-Identity").ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_publications_catalog_is_refreshed_on_its_own_connection()
    {
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        var publication = await PublishAsync(tenant, brokerId, "global");
        var url = $"/api/brokers/{brokerId}/publications/{publication["id"]}/catalog";
        var accepted = await Admin.PostAsync($"{url}/refresh", null);
        await Expect(accepted, HttpStatusCode.Accepted);
        accepted.Headers.Location!.ToString().ShouldBe(url);
        await ExpectProblem(await Admin.PostAsync($"/api/brokers/{brokerId}/publications/{Guid.NewGuid()}/catalog/refresh", null),
            HttpStatusCode.NotFound, "publication.not_found");
    }
}

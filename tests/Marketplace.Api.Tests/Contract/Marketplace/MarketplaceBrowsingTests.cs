using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Marketplace;

/// <summary>M1/M2: a project member sees exactly what the visibility rules allow, across locations.</summary>
public sealed class MarketplaceBrowsingTests(AppFixture app) : ApiTest(app)
{
    private static string Services(Guid projectId, string query = "") => $"/api/projects/{projectId}/marketplace/services?pageSize=200{query}";

    private static async Task<List<(string Name, string Location, string Broker)>> EntriesAsync(HttpClient client, Guid projectId, string query = "")
    {
        var page = await Expect(await client.GetAsync(Services(projectId, query)), HttpStatusCode.OK);
        return page["items"]!.AsArray()
            .Select(i => (i!["name"]!.GetValue<string>(), i["location"]!.GetValue<string>(), i["brokerName"]!.GetValue<string>()))
            .ToList();
    }

    [Fact]
    [Trait("Checklist", "C27")]
    public async Task A_project_sees_approved_publications_at_its_locations_Global_and_its_private_brokers_only()
    {
        var owner = await CreateTenantAsync();
        var consumer = await CreateTenantAsync();
        var enabled = await CreatePublicLocationAsync();
        var notEnabled = await CreatePublicLocationAsync();
        var broker = await RegisterBrokerAsync(owner);
        var brokerId = broker["id"]!.GetValue<Guid>();
        var brokerName = broker["name"]!.GetValue<string>();

        var atEnabled = await PublishAsync(owner, brokerId, enabled);
        var atGlobal = await PublishAsync(owner, brokerId, "global");
        var atOther = await PublishAsync(owner, brokerId, notEnabled);
        await Expect(await consumer.CustomerAdmin.PutAsync($"/api/projects/{consumer.ProjectId}/locations/{enabled}", null), HttpStatusCode.NoContent);

        // Nothing is visible before approval (B6).
        (await EntriesAsync(consumer.Member, consumer.ProjectId)).Where(e => e.Broker == brokerName).ShouldBeEmpty();

        foreach (var publication in new[] { atEnabled, atGlobal, atOther })
        {
            await Expect(await Admin.PostAsync($"/api/publications/{publication["id"]}/approve", null), HttpStatusCode.OK);
        }

        var seen = (await EntriesAsync(consumer.Member, consumer.ProjectId)).Where(e => e.Broker == brokerName).ToList();
        seen.Select(e => e.Location).Distinct().Order().ShouldBe(new[] { enabled, "global" }.Order());
        seen.Count.ShouldBe(4, "two services at each of the two visible locations");
        seen.Select(e => e.Name).Distinct().Order().ShouldBe([SampleCatalog.CacheServiceName, SampleCatalog.DatabaseServiceName]);

        // The owner's private broker shows only in the owner's projects that enabled the private location.
        (await EntriesAsync(consumer.Member, consumer.ProjectId)).ShouldNotContain(e => e.Location == $"private-{owner.CustomerIdentifier}");
        (await EntriesAsync(owner.Member, owner.ProjectId)).ShouldNotContain(e => e.Location == $"private-{owner.CustomerIdentifier}");
        await Expect(await owner.CustomerAdmin.PutAsync($"/api/projects/{owner.ProjectId}/locations/private-{owner.CustomerIdentifier}", null), HttpStatusCode.NoContent);
        (await EntriesAsync(owner.Member, owner.ProjectId)).Count(e => e.Location == $"private-{owner.CustomerIdentifier}").ShouldBe(2);
    }

    [Fact]
    public async Task Search_filters_by_name_or_tag_and_by_location()
    {
        var tenant = await CreateTenantAsync();
        await RegisterBrokerAsync(tenant);
        var privateLocation = $"private-{tenant.CustomerIdentifier}";
        await Expect(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/{privateLocation}", null), HttpStatusCode.NoContent);

        var byName = await EntriesAsync(tenant.Member, tenant.ProjectId, $"&location={privateLocation}&q=cache");
        byName.Select(e => e.Name).ShouldBe([SampleCatalog.CacheServiceName]);
        var byTag = await EntriesAsync(tenant.Member, tenant.ProjectId, $"&location={privateLocation}&q=sql");
        byTag.Select(e => e.Name).ShouldBe([SampleCatalog.DatabaseServiceName]);
        (await EntriesAsync(tenant.Member, tenant.ProjectId, "&location=nowhere")).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "C22")]
    [Trait("Checklist", "C23")]
    [Trait("Checklist", "C24")]
    public async Task Details_show_plans_with_free_bindable_updateable_schemas_and_costs()
    {
        var tenant = await CreateTenantAsync();
        await RegisterBrokerAsync(tenant);
        await Expect(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/private-{tenant.CustomerIdentifier}", null), HttpStatusCode.NoContent);
        var list = await Expect(
            await tenant.Member.GetAsync(Services(tenant.ProjectId, $"&location=private-{tenant.CustomerIdentifier}&q={SampleCatalog.DatabaseServiceName}")),
            HttpStatusCode.OK);
        var serviceId = list["items"]!.AsArray().Single()!["serviceId"]!.GetValue<Guid>();

        var detail = await Expect(await tenant.Member.GetAsync($"/api/projects/{tenant.ProjectId}/marketplace/services/{serviceId}"), HttpStatusCode.OK);
        detail["metadata"]!["displayName"]!.GetValue<string>().ShouldBe("Fake Database");
        var plans = detail["plans"]!.AsArray();
        plans.Count.ShouldBe(2);
        foreach (var plan in plans)
        {
            Guid.TryParse(plan!["planId"]!.GetValue<string>(), out _).ShouldBeTrue();
            plan["free"].ShouldNotBeNull();
            plan["bindable"].ShouldNotBeNull();
            plan["updateable"].ShouldNotBeNull();
        }

        plans.Any(p => p!["schemas"] is JsonObject).ShouldBeTrue("a plan's parameter schemas are shown");
        plans.Any(p => p!["costs"] is JsonArray).ShouldBeTrue("a paid plan shows its costs");
    }

    [Fact]
    public async Task Other_tenants_get_404()
    {
        var tenant = await CreateTenantAsync();
        var stranger = await CreateTenantAsync();
        await ExpectProblem(await stranger.Member.GetAsync(Services(tenant.ProjectId)), HttpStatusCode.NotFound, "project.not_found");
        await ExpectProblem(await tenant.Member.GetAsync($"/api/projects/{tenant.ProjectId}/marketplace/services/{Guid.NewGuid()}"),
            HttpStatusCode.NotFound, "service.not_found");
    }
}

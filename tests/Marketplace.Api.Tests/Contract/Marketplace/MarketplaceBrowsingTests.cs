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

    /// <summary>
    /// P1: pages come from a per-version cache and answer a weak ETag. Each write that changes what the project sees
    /// shows in the very next read (200 with a new ETag); while nothing changed, If-None-Match gets 304 and no body.
    /// </summary>
    [Fact]
    public async Task Every_write_that_changes_what_a_project_sees_shows_in_the_next_read_and_pages_revalidate_with_ETag()
    {
        var owner = await CreateTenantAsync();
        var consumer = await CreateTenantAsync();
        var location = await CreatePublicLocationAsync();
        await Expect(await consumer.CustomerAdmin.PutAsync($"/api/projects/{consumer.ProjectId}/locations/{location}", null), HttpStatusCode.NoContent);
        var broker = await RegisterBrokerAsync(owner);
        var brokerId = broker["id"]!.GetValue<Guid>();
        var url = Services(consumer.ProjectId, $"&location={location}");

        var (etag, seen) = await ReadAsync(consumer.Member, url, ifNoneMatch: null);
        seen.ShouldBeEmpty();
        etag.ShouldStartWith("W/\"");
        await ExpectNotModifiedAsync(consumer.Member, url, etag);

        var publication = await PublishAsync(owner, brokerId, location);
        await Expect(await Admin.PostAsJsonAsync($"/api/publications/{publication["id"]}/reject", new { reason = "not yet" }), HttpStatusCode.OK);
        (etag, seen) = await ReadAsync(consumer.Member, url, etag);
        seen.ShouldBeEmpty("a rejected publication is not visible");

        var approved = await PublishAsync(owner, brokerId, location);
        await Expect(await Admin.PostAsync($"/api/publications/{approved["id"]}/approve", null), HttpStatusCode.OK);
        (etag, seen) = await ReadAsync(consumer.Member, url, etag);
        seen.Select(e => e.Name).Order().ToList().ShouldBe([SampleCatalog.CacheServiceName, SampleCatalog.DatabaseServiceName], "approval shows at once");
        await ExpectNotModifiedAsync(consumer.Member, url, etag);

        await Expect(await PatchAsync(owner.CustomerAdmin, $"/api/brokers/{brokerId}", new { name = "Renamed broker" }), HttpStatusCode.OK);
        (etag, seen) = await ReadAsync(consumer.Member, url, etag);
        seen.ShouldAllBe(e => e.Broker == "Renamed broker");

        await Expect(await consumer.CustomerAdmin.DeleteAsync($"/api/projects/{consumer.ProjectId}/locations/{location}"), HttpStatusCode.NoContent);
        (etag, seen) = await ReadAsync(consumer.Member, url, etag);
        seen.ShouldBeEmpty("the project no longer enables the location");

        // A private broker: visible with the private location, gone with its deletion.
        var privateLocation = $"private-{owner.CustomerIdentifier}";
        await Expect(await owner.CustomerAdmin.PutAsync($"/api/projects/{owner.ProjectId}/locations/{privateLocation}", null), HttpStatusCode.NoContent);
        var own = Services(owner.ProjectId, $"&location={privateLocation}");
        var (ownEtag, ownSeen) = await ReadAsync(owner.Member, own, ifNoneMatch: null);
        ownSeen.Count.ShouldBe(2);
        var second = await RegisterBrokerAsync(owner);
        (ownEtag, ownSeen) = await ReadAsync(owner.Member, own, ownEtag);
        ownSeen.Count.ShouldBe(4, "a new private broker shows at once");
        await Expect(await owner.CustomerAdmin.DeleteAsync(
            $"/api/brokers/{second["id"]}?confirmName={Uri.EscapeDataString(second["name"]!.GetValue<string>())}"), HttpStatusCode.NoContent);
        (_, ownSeen) = await ReadAsync(owner.Member, own, ownEtag);
        ownSeen.Count.ShouldBe(2, "a deleted broker is gone at once");

        // Removing a member takes effect in the next read too: the project is no longer theirs (404).
        await Expect(await owner.CustomerAdmin.DeleteAsync($"/api/projects/{owner.ProjectId}/members/{owner.MemberUser}"), HttpStatusCode.NoContent);
        await ExpectProblem(await owner.Member.GetAsync(own), HttpStatusCode.NotFound, "project.not_found");
    }

    /// <summary>Reads a page with If-None-Match (when given) that must not match: 200, the page's entries and its ETag (a new one).</summary>
    private static async Task<(string ETag, List<(string Name, string Location, string Broker)> Entries)> ReadAsync(HttpClient client, string url, string? ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        using var response = await client.SendAsync(request);
        var page = await Expect(response, HttpStatusCode.OK);
        var etag = response.Headers.ETag.ShouldNotBeNull().ToString();
        etag.ShouldNotBe(ifNoneMatch);
        response.Headers.CacheControl.ShouldNotBeNull().NoCache.ShouldBeTrue();
        return (etag, page["items"]!.AsArray()
            .Select(i => (i!["name"]!.GetValue<string>(), i["location"]!.GetValue<string>(), i["brokerName"]!.GetValue<string>()))
            .ToList());
    }

    private static async Task ExpectNotModifiedAsync(HttpClient client, string url, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        response.Headers.ETag.ShouldNotBeNull().ToString().ShouldBe(etag);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
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

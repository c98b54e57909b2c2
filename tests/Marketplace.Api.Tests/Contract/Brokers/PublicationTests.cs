using System.Net;
using System.Net.Http.Json;

namespace Marketplace.Api.Tests.Contract.Brokers;

public sealed class PublicationTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Publishing_creates_a_pending_publication_with_201_Location_and_no_password()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var location = await CreatePublicLocationAsync();
        var response = await tenant.CustomerAdmin.PostAsJsonAsync($"/api/brokers/{broker["id"]}/publications", new
        {
            location, endpoint = TlsBrokerEndpoint, username = AppFixture.BrokerUsername, password = AppFixture.BrokerPassword,
        });
        var publication = await Expect(response, HttpStatusCode.Created);
        publication["status"]!.GetValue<string>().ShouldBe("pending");
        publication["location"]!.GetValue<string>().ShouldBe(location);
        publication["endpoint"]!.GetValue<string>().ShouldBe(TlsBrokerEndpoint.TrimEnd('/'));
        publication["brokerId"]!.GetValue<Guid>().ShouldBe(broker["id"]!.GetValue<Guid>());
        publication.ContainsKey("password").ShouldBeFalse();
        (await response.Content.ReadAsStringAsync()).ShouldNotContain(AppFixture.BrokerPassword);
        response.Headers.Location!.ToString().ShouldBe($"/api/brokers/{broker["id"]}/publications/{publication["id"]}");
        var read = await tenant.CustomerAdmin.GetAsync(response.Headers.Location);
        await Expect(read, HttpStatusCode.OK);
        read.Headers.ETag.ShouldNotBeNull("a publication answers the ETag of its broker");

        var privateBroker = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{broker["id"]}"), HttpStatusCode.OK);
        privateBroker["endpoint"]!.GetValue<string>().ShouldBe(broker["endpoint"]!.GetValue<string>());
        privateBroker["developmentMode"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Publication_endpoints_must_be_https()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var problem = await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync($"/api/brokers/{broker["id"]}/publications", new
        {
            location = "global", endpoint = "http://broker.example.test", username = "u", password = "p",
        }), HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"]!["endpoint"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Development_mode_is_refused_for_publications()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync($"/api/brokers/{broker["id"]}/publications", new
        {
            location = "global", endpoint = "https://broker.example.test", username = "u", password = "p", developmentMode = true,
        }), HttpStatusCode.UnprocessableEntity, "publication.development_mode_forbidden");
    }

    [Fact]
    public async Task Only_public_locations_and_Global_take_publications()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var brokerId = broker["id"]!.GetValue<Guid>();
        foreach (var location in new[] { $"private-{tenant.CustomerIdentifier}", Unique("nowhere") })
        {
            await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync($"/api/brokers/{brokerId}/publications", new
            {
                location, endpoint = "https://broker.example.test", username = "u", password = "p",
            }), HttpStatusCode.UnprocessableEntity, "location.unknown");
        }
    }

    [Fact]
    public async Task One_publication_per_location_and_again_after_a_rejection_or_revocation()
    {
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        var location = await CreatePublicLocationAsync();
        var first = await PublishAsync(tenant, brokerId, location);
        await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync($"/api/brokers/{brokerId}/publications", new
        {
            location, endpoint = "https://broker.example.test", username = "u", password = "p",
        }), HttpStatusCode.Conflict, "publication.location_taken");

        await Expect(await Admin.PostAsJsonAsync($"/api/publications/{first["id"]}/reject", new { reason = "Docs missing" }), HttpStatusCode.OK);
        var second = await PublishAsync(tenant, brokerId, location);
        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{brokerId}/publications/{second["id"]}"), HttpStatusCode.NoContent);
        await PublishAsync(tenant, brokerId, location);
    }

    [Fact]
    public async Task The_same_endpoint_may_serve_several_locations()
    {
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        await PublishAsync(tenant, brokerId, await CreatePublicLocationAsync(), TlsBrokerEndpoint);
        await PublishAsync(tenant, brokerId, "global", TlsBrokerEndpoint);
        var list = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{brokerId}/publications"), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Admins_see_pending_publications_and_approve_or_reject_them()
    {
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        var approved = await PublishAsync(tenant, brokerId, await CreatePublicLocationAsync());
        var rejected = await PublishAsync(tenant, brokerId, "global");

        // The shared test app holds many pending publications: read the whole queue, page by page.
        var pendingIds = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var queue = await Expect(await Admin.GetAsync($"/api/publications?status=pending&pageSize=200&page={page}"), HttpStatusCode.OK);
            pendingIds.AddRange(queue["items"]!.AsArray().Select(p => p!["id"]!.GetValue<Guid>()));
            if (pendingIds.Count >= queue["total"]!.GetValue<int>() || queue["items"]!.AsArray().Count == 0)
            {
                break;
            }
        }

        pendingIds.ShouldContain(approved["id"]!.GetValue<Guid>());
        pendingIds.ShouldContain(rejected["id"]!.GetValue<Guid>());

        var afterApprove = await Expect(await Admin.PostAsync($"/api/publications/{approved["id"]}/approve", null), HttpStatusCode.OK);
        afterApprove["status"]!.GetValue<string>().ShouldBe("approved");
        var afterReject = await Expect(await Admin.PostAsJsonAsync($"/api/publications/{rejected["id"]}/reject", new { reason = "Not production ready" }), HttpStatusCode.OK);
        afterReject["status"]!.GetValue<string>().ShouldBe("rejected");
        afterReject["reason"]!.GetValue<string>().ShouldBe("Not production ready");

        await ExpectProblem(await Admin.PostAsync($"/api/publications/{approved["id"]}/reject", null), HttpStatusCode.Conflict, "publication.not_pending");
        await ExpectProblem(await Admin.PostAsync($"/api/publications/{rejected["id"]}/approve", null), HttpStatusCode.Conflict, "publication.not_pending");
        await ExpectProblem(await Admin.PostAsync($"/api/publications/{Guid.NewGuid()}/approve", null), HttpStatusCode.NotFound, "publication.not_found");
        await ExpectProblem(await Admin.GetAsync("/api/publications?status=maybe"), HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Only_platform_admins_approve()
    {
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        var publication = await PublishAsync(tenant, brokerId, "global");
        await ExpectProblem(await tenant.CustomerAdmin.PostAsync($"/api/publications/{publication["id"]}/approve", null), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await tenant.CustomerAdmin.GetAsync("/api/publications?status=pending"), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Revoking_with_a_stale_If_Match_answers_412_and_keeps_the_publication()
    {
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        var staleEtag = (await tenant.CustomerAdmin.GetAsync($"/api/brokers/{brokerId}")).Headers.ETag!.Tag;
        var publication = await PublishAsync(tenant, brokerId, "global");
        using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/api/brokers/{brokerId}/publications/{publication["id"]}");
        revoke.Headers.TryAddWithoutValidation("If-Match", staleEtag);
        await ExpectProblem(await tenant.CustomerAdmin.SendAsync(revoke), HttpStatusCode.PreconditionFailed, "concurrency.stale");
        await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{brokerId}/publications/{publication["id"]}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_approved_publication_cannot_be_revoked_but_a_rejected_one_can()
    {
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        var approved = await PublishAsync(tenant, brokerId, await CreatePublicLocationAsync());
        var rejected = await PublishAsync(tenant, brokerId, "global");
        await Expect(await Admin.PostAsync($"/api/publications/{approved["id"]}/approve", null), HttpStatusCode.OK);
        await Expect(await Admin.PostAsync($"/api/publications/{rejected["id"]}/reject", null), HttpStatusCode.OK);

        await ExpectProblem(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{brokerId}/publications/{approved["id"]}"), HttpStatusCode.Conflict, "publication.approved");
        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{brokerId}/publications/{rejected["id"]}"), HttpStatusCode.NoContent);
        await ExpectProblem(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{brokerId}/publications/{rejected["id"]}"), HttpStatusCode.NotFound, "publication.not_found");
    }
}

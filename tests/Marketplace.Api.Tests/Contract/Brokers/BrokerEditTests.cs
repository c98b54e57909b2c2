using System.Net;
using System.Net.Http.Json;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Brokers;

public sealed class BrokerEditTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Patch_is_a_merge_and_answers_the_broker_without_password()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "broker-user", Password = "old" });
        var tenant = await CreateTenantAsync();
        var broker = await Expect(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "Mergeable", identifier = Unique("merge"), endpoint = fake.BaseAddress.ToString(),
            username = "broker-user", password = "old",
        }), HttpStatusCode.Created);
        fake.SetCredentials("broker-user", "n3w:secret");
        var response = await PatchAsync(tenant.CustomerAdmin, $"/api/brokers/{broker["id"]}", new { name = "Renamed", password = "n3w:secret" });
        var edited = await Expect(response, HttpStatusCode.OK);
        edited["name"]!.GetValue<string>().ShouldBe("Renamed");
        edited["endpoint"]!.GetValue<string>().ShouldBe(broker["endpoint"]!.GetValue<string>());
        edited["username"]!.GetValue<string>().ShouldBe("broker-user");
        edited.ContainsKey("password").ShouldBeFalse();
        fake.Requests[^1].Header("Authorization").ShouldBe(
            "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("broker-user:n3w:secret")), "the new password was checked against the broker");
    }

    [Fact]
    public async Task A_new_password_the_broker_refuses_is_a_422_and_nothing_changes()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        await ExpectProblem(await PatchAsync(tenant.CustomerAdmin, $"/api/brokers/{broker["id"]}", new { name = "Changed", password = "wrong" }),
            HttpStatusCode.UnprocessableEntity, "broker.unauthorized");
        (await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{broker["id"]}"), HttpStatusCode.OK))["name"]!.GetValue<string>()
            .ShouldBe(broker["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_identifier_is_immutable()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        await ExpectProblem(await PatchAsync(tenant.CustomerAdmin, $"/api/brokers/{broker["id"]}", new { identifier = Unique("other") }),
            HttpStatusCode.UnprocessableEntity, "broker.identifier_immutable");
        var same = await PatchAsync(tenant.CustomerAdmin, $"/api/brokers/{broker["id"]}", new { identifier = broker["identifier"]!.GetValue<string>(), name = "Same id" });
        (await Expect(same, HttpStatusCode.OK))["identifier"]!.GetValue<string>().ShouldBe(broker["identifier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_values_are_refused_and_change_nothing()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var problem = await ExpectProblem(
            await PatchAsync(tenant.CustomerAdmin, $"/api/brokers/{broker["id"]}", new { name = "Fine", endpoint = "ftp://x.example.test", requestTimeoutSeconds = 0 }),
            HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"]!["endpoint"].ShouldNotBeNull();
        problem["errors"]!["requestTimeoutSeconds"].ShouldNotBeNull();
        var read = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{broker["id"]}"), HttpStatusCode.OK);
        read["name"]!.GetValue<string>().ShouldBe(broker["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stale_If_Match_answers_412_and_changes_nothing()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var url = $"/api/brokers/{broker["id"]}";
        var etag = (await tenant.CustomerAdmin.GetAsync(url)).Headers.ETag!.Tag;
        await Expect(await PatchAsync(tenant.CustomerAdmin, url, new { name = "First" }, etag), HttpStatusCode.OK);
        await ExpectProblem(await PatchAsync(tenant.CustomerAdmin, url, new { name = "Second" }, etag), HttpStatusCode.PreconditionFailed, "concurrency.stale");
        (await Expect(await tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.OK))["name"]!.GetValue<string>().ShouldBe("First");
    }

    [Fact]
    public async Task Colliding_writes_never_lose_an_update()
    {
        var tenant = await CreateTenantAsync();
        var users = Enumerable.Range(0, 12).Select(i => Unique($"user{i}")).ToList();
        var responses = await Task.WhenAll(users.Select(u =>
            tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/members/{u}", null)));

        var accepted = new List<string>();
        for (var i = 0; i < users.Count; i++)
        {
            var status = (int)responses[i].StatusCode;
            status.ShouldBeOneOf(204, 409);
            if (status == 409)
            {
                await ExpectProblem(responses[i], HttpStatusCode.Conflict, "concurrency.conflict");
            }
            else
            {
                accepted.Add(users[i]);
            }
        }

        var project = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/projects/{tenant.ProjectId}"), HttpStatusCode.OK);
        var members = project["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        accepted.ShouldNotBeEmpty();
        foreach (var user in accepted)
        {
            members.ShouldContain(user);
        }

        foreach (var user in users.Except(accepted))
        {
            members.ShouldNotContain(user);
        }
    }

    [Fact]
    public async Task Callers_without_the_role_learn_nothing_about_the_input_rules()
    {
        var tenant = await CreateTenantAsync();
        var stranger = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var invalid = new { name = "", endpoint = "ftp://x", requestTimeoutSeconds = -1 };
        await ExpectProblem(await PatchAsync(tenant.Member, $"/api/brokers/{broker["id"]}", invalid), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await PatchAsync(stranger.CustomerAdmin, $"/api/brokers/{broker["id"]}", invalid), HttpStatusCode.NotFound, "broker.not_found");
        await ExpectProblem(await tenant.Member.PostAsJsonAsync($"/api/brokers/{broker["id"]}/publications", new { }), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await tenant.Member.PostAsJsonAsync("/api/brokers", new { customerId = tenant.CustomerId }), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await tenant.Member.PostAsJsonAsync($"/api/customers/{tenant.CustomerId}/projects", new { identifier = "X" }), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await PatchAsync(tenant.Member, $"/api/projects/{tenant.ProjectId}", new { name = "" }), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await PatchAsync(tenant.Member, $"/api/customers/{tenant.CustomerId}", new { name = "" }), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Platform_admins_read_but_do_not_edit_brokers()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        await Expect(await Admin.GetAsync($"/api/brokers/{broker["id"]}"), HttpStatusCode.OK);
        await ExpectProblem(await PatchAsync(Admin, $"/api/brokers/{broker["id"]}", new { name = "Mine now" }), HttpStatusCode.Forbidden, "auth.forbidden");
    }
}

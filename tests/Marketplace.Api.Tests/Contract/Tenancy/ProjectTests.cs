using System.Net;
using System.Net.Http.Json;

namespace Marketplace.Api.Tests.Contract.Tenancy;

public sealed class ProjectTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_customer_admin_creates_a_project_with_201_and_Location()
    {
        var tenant = await CreateTenantAsync();
        var response = await tenant.CustomerAdmin.PostAsJsonAsync($"/api/customers/{tenant.CustomerId}/projects", new { identifier = "data", name = "Data" });
        var project = await Expect(response, HttpStatusCode.Created);
        project["customerId"]!.GetValue<Guid>().ShouldBe(tenant.CustomerId);
        project["locations"]!.AsArray().ShouldBeEmpty();
        response.Headers.Location!.ToString().ShouldBe($"/api/projects/{project["id"]}");
    }

    [Fact]
    public async Task Project_identifiers_are_unique_within_the_customer()
    {
        var tenant = await CreateTenantAsync();
        await ExpectProblem(
            await tenant.CustomerAdmin.PostAsJsonAsync($"/api/customers/{tenant.CustomerId}/projects", new { identifier = "web", name = "Again" }),
            HttpStatusCode.Conflict, "project.identifier_taken");
        var other = await CreateTenantAsync();
        other.ProjectId.ShouldNotBe(tenant.ProjectId);
    }

    [Fact]
    public async Task Members_see_their_project_and_others_get_404()
    {
        var tenant = await CreateTenantAsync();
        var stranger = await CreateTenantAsync();
        var project = await Expect(await tenant.Member.GetAsync($"/api/projects/{tenant.ProjectId}"), HttpStatusCode.OK);
        project["members"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldContain(tenant.MemberUser);
        await ExpectProblem(await stranger.Member.GetAsync($"/api/projects/{tenant.ProjectId}"), HttpStatusCode.NotFound, "project.not_found");
        await ExpectProblem(await stranger.CustomerAdmin.GetAsync($"/api/customers/{tenant.CustomerId}/projects"), HttpStatusCode.NotFound, "customer.not_found");
    }

    [Fact]
    public async Task Members_are_added_and_removed_idempotently()
    {
        var tenant = await CreateTenantAsync();
        var user = Unique("dev");
        await Expect(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/members/{user}", null), HttpStatusCode.NoContent);
        await Expect(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/members/{user}", null), HttpStatusCode.NoContent);
        await Expect(await App.As(user).GetAsync($"/api/projects/{tenant.ProjectId}"), HttpStatusCode.OK);
        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/projects/{tenant.ProjectId}/members/{user}"), HttpStatusCode.NoContent);
        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/projects/{tenant.ProjectId}/members/{user}"), HttpStatusCode.NoContent);
        await ExpectProblem(await App.As(user).GetAsync($"/api/projects/{tenant.ProjectId}"), HttpStatusCode.NotFound, "project.not_found");
    }

    [Fact]
    public async Task Locations_are_enabled_and_disabled()
    {
        var tenant = await CreateTenantAsync();
        var location = await CreatePublicLocationAsync();
        await Expect(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/{location}", null), HttpStatusCode.NoContent);
        await Expect(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/global", null), HttpStatusCode.NoContent);
        var project = await Expect(await tenant.Member.GetAsync($"/api/projects/{tenant.ProjectId}"), HttpStatusCode.OK);
        project["locations"]!.AsArray().Select(l => l!.GetValue<string>()).OrderBy(l => l).ShouldBe(new[] { location, "global" }.OrderBy(l => l));
        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/projects/{tenant.ProjectId}/locations/{location}"), HttpStatusCode.NoContent);
        project = await Expect(await tenant.Member.GetAsync($"/api/projects/{tenant.ProjectId}"), HttpStatusCode.OK);
        project["locations"]!.AsArray().Select(l => l!.GetValue<string>()).ShouldBe(["global"]);
    }

    [Fact]
    public async Task An_unknown_location_is_refused_with_location_unknown()
    {
        var tenant = await CreateTenantAsync();
        await ExpectProblem(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/{Unique("nowhere")}", null),
            HttpStatusCode.UnprocessableEntity, "location.unknown");
    }

    [Fact]
    public async Task Only_the_owning_customers_projects_may_enable_its_private_location()
    {
        var owner = await CreateTenantAsync();
        var other = await CreateTenantAsync();
        await RegisterBrokerAsync(owner);
        var privateLocation = $"private-{owner.CustomerIdentifier}";

        await Expect(await owner.CustomerAdmin.PutAsync($"/api/projects/{owner.ProjectId}/locations/{privateLocation}", null), HttpStatusCode.NoContent);
        await ExpectProblem(await other.CustomerAdmin.PutAsync($"/api/projects/{other.ProjectId}/locations/{privateLocation}", null),
            HttpStatusCode.UnprocessableEntity, "location.unknown");
    }

    [Fact]
    public async Task The_private_location_stays_after_the_customers_brokers_are_deleted()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{broker["id"]}?confirmName={Uri.EscapeDataString(broker["name"]!.GetValue<string>())}"),
            HttpStatusCode.NoContent);
        await Expect(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/private-{tenant.CustomerIdentifier}", null),
            HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Project_members_cannot_administer_the_project()
    {
        var tenant = await CreateTenantAsync();
        await ExpectProblem(await tenant.Member.PutAsync($"/api/projects/{tenant.ProjectId}/members/{Unique("x")}", null),
            HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await tenant.Member.PostAsJsonAsync($"/api/customers/{tenant.CustomerId}/projects", new { identifier = "mine", name = "Mine" }),
            HttpStatusCode.Forbidden, "auth.forbidden");
    }
}

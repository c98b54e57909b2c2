using System.Net;
using System.Net.Http.Json;

namespace Marketplace.Api.Tests.Contract.Tenancy;

public sealed class CustomerTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_platform_admin_creates_a_customer_with_201_and_Location()
    {
        var identifier = Unique("cust");
        var response = await Admin.PostAsJsonAsync("/api/customers", new { identifier, name = "Acme" });
        var customer = await Expect(response, HttpStatusCode.Created);
        customer["identifier"]!.GetValue<string>().ShouldBe(identifier);
        response.Headers.Location!.ToString().ShouldBe($"/api/customers/{customer["id"]}");
        (await Admin.GetAsync(response.Headers.Location)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Customer_identifiers_are_globally_unique()
    {
        var identifier = Unique("cust");
        await Expect(await Admin.PostAsJsonAsync("/api/customers", new { identifier, name = "Acme" }), HttpStatusCode.Created);
        await ExpectProblem(await Admin.PostAsJsonAsync("/api/customers", new { identifier, name = "Acme 2" }),
            HttpStatusCode.Conflict, "customer.identifier_taken");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Acme")]
    [InlineData("1acme")]
    [InlineData("acme_corp")]
    [InlineData("acme\n")]
    public async Task Identifiers_must_be_lowercase_slugs(string identifier)
    {
        var problem = await ExpectProblem(await Admin.PostAsJsonAsync("/api/customers", new { identifier, name = "Acme" }),
            HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"]!["identifier"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Missing_fields_are_listed_per_field()
    {
        var problem = await ExpectProblem(await Admin.PostAsJsonAsync("/api/customers", new { }), HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"]!["identifier"].ShouldNotBeNull();
        problem["errors"]!["name"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Admins_are_granted_and_revoked_idempotently()
    {
        var tenant = await CreateTenantAsync();
        var user = Unique("second-admin");
        await Expect(await Admin.PutAsync($"/api/customers/{tenant.CustomerId}/admins/{user}", null), HttpStatusCode.NoContent);
        await Expect(await Admin.PutAsync($"/api/customers/{tenant.CustomerId}/admins/{user}", null), HttpStatusCode.NoContent);
        var customer = await Expect(await Admin.GetAsync($"/api/customers/{tenant.CustomerId}"), HttpStatusCode.OK);
        customer["admins"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldContain(user);

        await Expect(await Admin.DeleteAsync($"/api/customers/{tenant.CustomerId}/admins/{user}"), HttpStatusCode.NoContent);
        await Expect(await Admin.DeleteAsync($"/api/customers/{tenant.CustomerId}/admins/{user}"), HttpStatusCode.NoContent);
        await ExpectProblem(await App.As(user).GetAsync($"/api/customers/{tenant.CustomerId}"), HttpStatusCode.NotFound, "customer.not_found");
    }

    [Fact]
    public async Task Users_see_only_their_own_customers()
    {
        var mine = await CreateTenantAsync();
        var other = await CreateTenantAsync();
        var list = await Expect(await mine.Member.GetAsync("/api/customers"), HttpStatusCode.OK);
        var ids = list["items"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()).ToList();
        ids.ShouldBe([mine.CustomerId]);
        list["total"]!.GetValue<int>().ShouldBe(1);
        await ExpectProblem(await mine.CustomerAdmin.GetAsync($"/api/customers/{other.CustomerId}"), HttpStatusCode.NotFound, "customer.not_found");
    }

    [Fact]
    public async Task A_customer_admin_renames_the_customer_and_gets_a_new_ETag()
    {
        var tenant = await CreateTenantAsync();
        var before = await tenant.CustomerAdmin.GetAsync($"/api/customers/{tenant.CustomerId}");
        var etag = before.Headers.ETag!.Tag;
        var response = await PatchAsync(tenant.CustomerAdmin, $"/api/customers/{tenant.CustomerId}", new { name = "Renamed" }, etag);
        var customer = await Expect(response, HttpStatusCode.OK);
        customer["name"]!.GetValue<string>().ShouldBe("Renamed");
        response.Headers.ETag!.Tag.ShouldNotBe(etag);
        customer["identifier"]!.GetValue<string>().ShouldBe(tenant.CustomerIdentifier);
    }
}

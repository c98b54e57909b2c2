using System.Net;
using System.Net.Http.Json;

namespace Marketplace.Api.Tests.Contract.Tenancy;

public sealed class LocationTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Global_always_exists_and_every_user_sees_it()
    {
        var list = await Expect(await App.As(Unique("someone")).GetAsync("/api/locations?pageSize=200"), HttpStatusCode.OK);
        list["items"]!.AsArray().Select(l => l!["identifier"]!.GetValue<string>()).ShouldContain("global");
        list["page"]!.GetValue<int>().ShouldBe(1);
        list["pageSize"]!.GetValue<int>().ShouldBe(200);
    }

    [Fact]
    public async Task A_platform_admin_creates_a_public_location_with_201_and_Location()
    {
        var identifier = Unique("loc");
        var response = await Admin.PostAsJsonAsync("/api/locations", new { identifier, name = "EU West" });
        var location = await Expect(response, HttpStatusCode.Created);
        location["type"]!.GetValue<string>().ShouldBe("public");
        response.Headers.Location!.ToString().ShouldBe($"/api/locations/{identifier}");
        var read = await Expect(await Admin.GetAsync(response.Headers.Location), HttpStatusCode.OK);
        read["name"]!.GetValue<string>().ShouldBe("EU West");
        (await Admin.GetAsync(response.Headers.Location)).Headers.ETag.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_taken_location_identifier_is_a_409()
    {
        var identifier = await CreatePublicLocationAsync();
        await ExpectProblem(await Admin.PostAsJsonAsync("/api/locations", new { identifier, name = "Again" }),
            HttpStatusCode.Conflict, "location.identifier_taken");
    }

    [Theory]
    [InlineData("global")]
    [InlineData("private-acme")]
    public async Task Reserved_identifiers_are_refused(string identifier)
    {
        var code = identifier == "global" ? "location.identifier_taken" : "location.identifier_reserved";
        var status = identifier == "global" ? HttpStatusCode.Conflict : HttpStatusCode.UnprocessableEntity;
        await ExpectProblem(await Admin.PostAsJsonAsync("/api/locations", new { identifier, name = "Mine" }), status, code);
    }

    [Fact]
    public async Task Only_public_locations_can_be_created()
    {
        var problem = await ExpectProblem(
            await Admin.PostAsJsonAsync("/api/locations", new { identifier = Unique("loc"), name = "X", type = "private" }),
            HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"]!["type"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Non_admins_cannot_create_locations()
    {
        await ExpectProblem(await App.As(Unique("user")).PostAsJsonAsync("/api/locations", new { identifier = Unique("loc"), name = "X" }),
            HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task A_private_location_is_visible_only_to_its_customer()
    {
        var owner = await CreateTenantAsync();
        var other = await CreateTenantAsync();
        await RegisterBrokerAsync(owner);
        var privateLocation = $"private-{owner.CustomerIdentifier}";

        var seenByOwner = await Expect(await owner.Member.GetAsync("/api/locations?pageSize=200"), HttpStatusCode.OK);
        seenByOwner["items"]!.AsArray().Select(l => l!["identifier"]!.GetValue<string>()).ShouldContain(privateLocation);
        var seenByOther = await Expect(await other.CustomerAdmin.GetAsync("/api/locations?pageSize=200"), HttpStatusCode.OK);
        seenByOther["items"]!.AsArray().Select(l => l!["identifier"]!.GetValue<string>()).ShouldNotContain(privateLocation);
        await ExpectProblem(await other.Member.GetAsync($"/api/locations/{privateLocation}"), HttpStatusCode.NotFound, "location.not_found");
    }
}

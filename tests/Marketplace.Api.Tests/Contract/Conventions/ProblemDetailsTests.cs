using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Marketplace.Api.Tests.Contract.Conventions;

/// <summary>Every 4xx/5xx is problem+json with a stable code — also those of authentication, routing and body handling.</summary>
public sealed class ProblemDetailsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task No_token_is_a_401_problem()
    {
        var response = await App.Anonymous().GetAsync("/api/customers");
        await ExpectProblem(response, HttpStatusCode.Unauthorized, "auth.unauthenticated");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
    }

    [Fact]
    public async Task Forged_and_expired_tokens_are_401_problems()
    {
        await ExpectProblem(await App.WithToken(App.Tokens.Forged("mallory")).GetAsync("/api/customers"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
        await ExpectProblem(await App.WithToken(App.Tokens.Expired("late")).GetAsync("/api/customers"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
        await ExpectProblem(await App.WithToken("not-a-jwt").GetAsync("/api/customers"), HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    [Fact]
    public async Task Unknown_routes_and_non_guid_ids_are_404_problems()
    {
        await ExpectProblem(await Admin.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, "route.not_found");
        await ExpectProblem(await Admin.GetAsync("/api/brokers/not-a-guid"), HttpStatusCode.NotFound, "route.not_found");
        await ExpectProblem(await Admin.GetAsync($"/api/brokers/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "broker.not_found");
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        await ExpectProblem(await Admin.PutAsync("/api/locations", JsonContent.Create(new { })), HttpStatusCode.MethodNotAllowed, "http.method_not_allowed");
    }

    [Fact]
    public async Task A_wrong_media_type_is_a_415_problem()
    {
        await ExpectProblem(await Admin.PostAsync("/api/customers", new StringContent("identifier=x", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "http.unsupported_media_type");
    }

    [Fact]
    public async Task A_too_large_body_is_a_413_problem()
    {
        // A body of known length sent after "100 Continue" only: the server refuses it before it is sent, so the client
        // always reads the 413 (a body streamed at once could meet a closed connection instead).
        var huge = new string('x', 1_100_000);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/customers")
        {
            Content = new StringContent($$"""{"identifier":"big-one","name":"{{huge}}"}""", Encoding.UTF8, "application/json"),
            Headers = { ExpectContinue = true },
        };
        await ExpectProblem(await Admin.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [Theory]
    [InlineData("{\"identifier\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"identifier\": 42, \"name\": \"x\"}")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_validation_problem(string body)
    {
        var problem = await ExpectProblem(await Admin.PostAsync("/api/customers", new StringContent(body, Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("pageSize=201")]
    [InlineData("pageSize=0")]
    [InlineData("page=0")]
    [InlineData("page=2147483647&pageSize=200")]
    public async Task Paging_out_of_range_is_a_400(string query)
    {
        var problem = await ExpectProblem(await Admin.GetAsync($"/api/customers?{query}"), HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_non_admin_is_refused_on_admin_routes_before_the_body_is_validated()
    {
        await ExpectProblem(await App.As(Unique("user")).PostAsJsonAsync("/api/customers", new { }), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await App.As(Unique("user")).PostAsJsonAsync("/api/locations", new { identifier = "X" }), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Paging_answers_the_envelope()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreatePublicLocationAsync();
        }

        var page = await Expect(await Admin.GetAsync("/api/locations?page=2&pageSize=2"), HttpStatusCode.OK);
        page["page"]!.GetValue<int>().ShouldBe(2);
        page["pageSize"]!.GetValue<int>().ShouldBe(2);
        page["items"]!.AsArray().Count.ShouldBe(2);
        page["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public async Task Configured_origins_get_CORS_headers_and_others_do_not()
    {
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/api/customers");
        allowed.Headers.Add("Origin", "https://portal.example.test");
        allowed.Headers.Add("Access-Control-Request-Method", "GET");
        var response = await App.Anonymous().SendAsync(allowed);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://portal.example.test"]);

        using var foreign = new HttpRequestMessage(HttpMethod.Options, "/api/customers");
        foreign.Headers.Add("Origin", "https://evil.example.test");
        foreign.Headers.Add("Access-Control-Request-Method", "GET");
        (await App.Anonymous().SendAsync(foreign)).Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }
}

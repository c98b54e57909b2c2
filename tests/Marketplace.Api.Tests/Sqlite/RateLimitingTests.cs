using System.Net;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>An app whose callers may make three requests a minute.</summary>
public sealed class TightlyLimitedApp : SqliteMarketplaceApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("RateLimiting:PermitLimit", "3"), new("RateLimiting:WindowSeconds", "60")];
}

public sealed class RateLimitingTests(TightlyLimitedApp limitedApp) : IClassFixture<TightlyLimitedApp>
{
    [Fact]
    public async Task Past_the_limit_a_caller_gets_a_429_problem_with_Retry_After()
    {
        var client = limitedApp.As("busy-user");
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/api/locations")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await client.GetAsync("/api/locations");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        problem["code"]!.GetValue<string>().ShouldBe("rate_limit.exceeded");
        problem["traceId"].ShouldNotBeNull();

        (await limitedApp.As("another-user").GetAsync("/api/locations")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tokens_that_do_not_validate_share_their_client_address_window_instead_of_getting_one_each()
    {
        using var anonymous = limitedApp.Anonymous();
        for (var i = 0; i < 3; i++)
        {
            using var garbage = new HttpRequestMessage(HttpMethod.Get, "/api/locations");
            garbage.Headers.TryAddWithoutValidation("Authorization", $"Bearer garbage-{Guid.NewGuid():N}");
            (await anonymous.SendAsync(garbage)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var another = new HttpRequestMessage(HttpMethod.Get, "/api/locations");
        another.Headers.TryAddWithoutValidation("Authorization", $"Bearer garbage-{Guid.NewGuid():N}");
        (await anonymous.SendAsync(another)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        (await limitedApp.As("a-valid-caller").GetAsync("/api/locations")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

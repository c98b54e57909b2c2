using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Operations;

/// <summary>A3: the Hangfire dashboard is for platform admins, by bearer token or by a short-lived cookie.</summary>
public sealed class OpsDashboardTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Anonymous_callers_get_401_and_other_users_403()
    {
        var anonymous = await App.Anonymous().GetAsync("/hangfire");
        await ExpectProblem(anonymous, HttpStatusCode.Unauthorized, "auth.unauthenticated");
        await ExpectProblem(await App.As(Unique("user")).GetAsync("/hangfire"), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Platform_admins_open_it_with_their_bearer_token()
    {
        var response = await Admin.GetAsync("/hangfire/recurring");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Recurring");
    }

    [Fact]
    public async Task A_browser_gets_in_with_a_cookie_from_a_bearer_authenticated_post()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = App.BaseAddress };
        (await browser.GetAsync("/hangfire")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var session = new HttpRequestMessage(HttpMethod.Post, "/api/ops/dashboard-session");
        session.Headers.Authorization = new AuthenticationHeaderValue("Bearer", App.Tokens.For("ops-admin", "platform-admin"));
        var created = await browser.SendAsync(session);
        created.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var setCookie = created.Headers.GetValues("Set-Cookie").Single();
        setCookie.ShouldContain("path=/hangfire", Case.Insensitive);
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);

        var page = await browser.GetAsync("/hangfire");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.RequestMessage!.Headers.Authorization.ShouldBeNull();
    }

    [Fact]
    [Trait("Checklist", "N96")]
    [Trait("Checklist", "A6")]
    public async Task The_recurring_refresh_jobs_are_listed_and_Trigger_now_fetches_the_catalog()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var tenant = await CreateTenantAsync();
        var identifier = Unique("triggered");
        await Expect(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "Triggered", identifier, endpoint = fake.BaseAddress.ToString(), username = "u", password = "p",
        }), HttpStatusCode.Created);
        var jobName = $"catalog-refresh:{identifier}";

        (await RecurringJobsListAsync()).ShouldContain(jobName);

        fake.Reset();
        var trigger = await Admin.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", jobName)]));
        ((int)trigger.StatusCode).ShouldBeLessThan(300);
        var request = await fake.WaitForRequestAsync(r => r.Operation == OsbOperation.Catalog, TimeSpan.FromSeconds(15));
        request.Path.ShouldBe("/v2/catalog");
        request.Header("X-Broker-API-Originating-Identity").ShouldBeNull("checklist A6: a scheduled refresh has no user behind it");
    }

    [Fact]
    public async Task The_broker_connections_page_shows_each_connections_health_to_platform_admins_only()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var identifier = broker["identifier"]!.GetValue<string>();

        var page = await Admin.GetAsync("/hangfire/broker-connections");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("Broker connections");
        html.ShouldContain($"<td>{identifier}</td><td>healthy</td>");
        await ExpectProblem(await tenant.CustomerAdmin.GetAsync("/hangfire/broker-connections"), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    /// <summary>Every page of the dashboard's recurring jobs (the shared test app registers many brokers).</summary>
    private async Task<string> RecurringJobsListAsync()
    {
        var pages = new System.Text.StringBuilder();
        for (var from = 0; from < 50_000; from += 1000)
        {
            var page = await (await Admin.GetAsync($"/hangfire/recurring?from={from}&count=1000")).Content.ReadAsStringAsync();
            pages.Append(page);
            if (!page.Contains("catalog-refresh:", StringComparison.Ordinal))
            {
                break;
            }
        }

        return pages.ToString();
    }

    [Fact]
    public async Task Only_platform_admins_get_a_dashboard_session()
    {
        await ExpectProblem(await App.As(Unique("user")).PostAsync("/api/ops/dashboard-session", null), HttpStatusCode.Forbidden, "auth.forbidden");
        await ExpectProblem(await App.Anonymous().PostAsync("/api/ops/dashboard-session", null), HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }
}

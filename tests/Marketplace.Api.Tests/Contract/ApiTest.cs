using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Api.Tests.Contract;

/// <summary>
/// Base of the API contract tests. They run over real HTTP against <see cref="AppFixture"/> — on SQLite in
/// Marketplace.Api.Tests and on SQL Server in Marketplace.SqlServer.Tests, which compiles these same classes.
/// </summary>
public abstract class ApiTest(AppFixture app) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;

    protected HttpClient Admin => App.AsPlatformAdmin();

    public ValueTask InitializeAsync()
    {
        Assert.SkipWhen(App.SkipReason is not null, App.SkipReason ?? string.Empty);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>A customer with an admin, a project with a member, and clients for each of them.</summary>
    protected async Task<Tenant> CreateTenantAsync()
    {
        var identifier = Unique("cust");
        var customer = await Expect(await Admin.PostAsJsonAsync("/api/customers", new { identifier, name = $"Customer {identifier}" }), HttpStatusCode.Created);
        var customerId = customer["id"]!.GetValue<Guid>();
        var adminUser = Unique("admin");
        await Expect(await Admin.PutAsync($"/api/customers/{customerId}/admins/{adminUser}", null), HttpStatusCode.NoContent);
        var customerAdmin = App.As(adminUser);
        var project = await Expect(
            await customerAdmin.PostAsJsonAsync($"/api/customers/{customerId}/projects", new { identifier = "web", name = "Web shop" }),
            HttpStatusCode.Created);
        var projectId = project["id"]!.GetValue<Guid>();
        var memberUser = Unique("member");
        await Expect(await customerAdmin.PutAsync($"/api/projects/{projectId}/members/{memberUser}", null), HttpStatusCode.NoContent);
        return new Tenant(customerId, identifier, projectId, adminUser, customerAdmin, memberUser, App.As(memberUser));
    }

    /// <summary>Registers a broker for the tenant and answers its JSON.</summary>
    /// <summary>Registers the fixture's fake broker (plain http on loopback) for the tenant and answers its JSON.</summary>
    protected async Task<JsonObject> RegisterBrokerAsync(Tenant tenant, string? identifier = null)
    {
        identifier ??= Unique("broker");
        return await Expect(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId,
            name = $"Broker {identifier}",
            identifier,
            endpoint = BrokerEndpoint,
            username = AppFixture.BrokerUsername,
            password = AppFixture.BrokerPassword,
            developmentMode = true,
        }), HttpStatusCode.Created);
    }

    /// <summary>The fake broker for private registrations.</summary>
    protected string BrokerEndpoint => App.Broker.BaseAddress.ToString();

    /// <summary>The fake broker behind a certificate of a CA the app trusts, for publications.</summary>
    protected string TlsBrokerEndpoint => App.TlsBroker.BaseAddress.ToString();

    protected async Task<string> CreatePublicLocationAsync()
    {
        var identifier = Unique("loc");
        await Expect(await Admin.PostAsJsonAsync("/api/locations", new { identifier, name = $"Location {identifier}" }), HttpStatusCode.Created);
        return identifier;
    }

    protected async Task<JsonObject> PublishAsync(Tenant tenant, Guid brokerId, string location, string? endpoint = null)
    {
        return await Expect(await tenant.CustomerAdmin.PostAsJsonAsync($"/api/brokers/{brokerId}/publications", new
        {
            location,
            endpoint = endpoint ?? TlsBrokerEndpoint,
            username = AppFixture.BrokerUsername,
            password = AppFixture.BrokerPassword,
        }), HttpStatusCode.Created);
    }

    /// <summary>Asserts the status and answers the JSON body (an empty object for an empty body).</summary>
    protected static async Task<JsonObject> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe((int)status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? new JsonObject { ["value"] = JsonNode.Parse(body) };
    }

    /// <summary>Asserts an RFC 9457 problem with the status and stable code; answers it.</summary>
    protected static async Task<JsonObject> ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await Expect(response, status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        problem["code"]!.GetValue<string>().ShouldBe(code, problem.ToJsonString());
        problem["detail"].ShouldNotBeNull();
        problem["status"]!.GetValue<int>().ShouldBe((int)status);
        problem["title"].ShouldNotBeNull();
        problem["type"].ShouldNotBeNull();
        problem["traceId"].ShouldNotBeNull();
        return problem;
    }

    /// <summary>
    /// Reads <paramref name="url"/> until <paramref name="until"/> holds (bounded; 20 s by default), the way a client
    /// watches a background operation. A 404 reads as <c>{ "gone": true }</c>.
    /// </summary>
    protected static async Task<JsonObject> WaitForAsync(HttpClient client, string url, Func<JsonObject, bool> until, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(until);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync(url);
            last = response.StatusCode == HttpStatusCode.NotFound ? new JsonObject { ["gone"] = true } : await Expect(response, HttpStatusCode.OK);
            if (until(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} did not reach the expected state in time; last seen: {last?.ToJsonString()}");
    }

    protected static HttpRequestMessage Json(HttpMethod method, string url, object body) =>
        new(method, url) { Content = JsonContent.Create(body) };

    protected static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, object body, string? ifMatch = null)
    {
        using var request = Json(HttpMethod.Patch, url, body);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    protected static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);
}

public sealed record Tenant(
    Guid CustomerId, string CustomerIdentifier, Guid ProjectId,
    string AdminUser, HttpClient CustomerAdmin, string MemberUser, HttpClient Member);

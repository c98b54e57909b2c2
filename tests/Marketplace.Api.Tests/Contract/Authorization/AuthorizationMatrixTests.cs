using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Microsoft.AspNetCore.Routing;

namespace Marketplace.Api.Tests.Contract.Authorization;

/// <summary>
/// Every endpoint of the app, called by five callers, against a hand-written table of expected statuses.
/// A new endpoint that is missing from the table fails <see cref="Every_endpoint_of_the_app_is_in_the_table"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(AppFixture app) : ApiTest(app)
{
    public enum Caller
    {
        Anonymous,
        OtherCustomer,
        ProjectMember,
        CustomerAdmin,
        PlatformAdmin,
    }

    /// <summary>Endpoint → expected status for: anonymous, another customer's admin, project member, customer admin, platform admin.</summary>
    private static readonly Dictionary<string, (int[] Expected, Func<World, HttpRequestMessage> Request)> Table = new()
    {
        ["ANY /health/live"] = ([200, 200, 200, 200, 200], _ => Get("/health/live")),
        ["ANY /health/ready"] = ([200, 200, 200, 200, 200], _ => Get("/health/ready")),
        ["GET /openapi/{documentName}.json"] = ([200, 200, 200, 200, 200], _ => Get("/openapi/v1.json")),
        ["GET /scalar/{documentName?}"] = ([200, 200, 200, 200, 200], _ => Get("/scalar/")),
        ["GET /scalar/scalar.js"] = ([200, 200, 200, 200, 200], _ => Get("/scalar/scalar.js")),
        ["GET /scalar/scalar.aspnetcore.js"] = ([200, 200, 200, 200, 200], _ => Get("/scalar/scalar.aspnetcore.js")),
        ["GET /scalar/favicon.svg"] = ([200, 200, 200, 200, 200], _ => Get("/scalar/favicon.svg")),
        ["GET /api/locations"] = ([401, 200, 200, 200, 200], _ => Get("/api/locations")),
        ["POST /api/locations"] = ([401, 403, 403, 403, 201], _ => Send(HttpMethod.Post, "/api/locations", new { identifier = Unique("loc"), name = "L" })),
        ["GET /api/locations/{identifier}"] = ([401, 200, 200, 200, 200], w => Get($"/api/locations/{w.Location}")),
        ["GET /api/customers"] = ([401, 200, 200, 200, 200], _ => Get("/api/customers")),
        ["POST /api/customers"] = ([401, 403, 403, 403, 201], _ => Send(HttpMethod.Post, "/api/customers", new { identifier = Unique("c"), name = "C" })),
        ["GET /api/customers/{customerId:guid}"] = ([401, 404, 200, 200, 200], w => Get($"/api/customers/{w.Tenant.CustomerId}")),
        ["PATCH /api/customers/{customerId:guid}"] = ([401, 404, 403, 200, 200], w => Send(HttpMethod.Patch, $"/api/customers/{w.Tenant.CustomerId}", new { name = "N" })),
        ["PUT /api/customers/{customerId:guid}/admins/{userId}"] = ([401, 403, 403, 403, 204], w => Send(HttpMethod.Put, $"/api/customers/{w.Tenant.CustomerId}/admins/{Unique("u")}")),
        ["DELETE /api/customers/{customerId:guid}/admins/{userId}"] = ([401, 403, 403, 403, 204], w => Send(HttpMethod.Delete, $"/api/customers/{w.Tenant.CustomerId}/admins/{Unique("u")}")),
        ["GET /api/customers/{customerId:guid}/projects"] = ([401, 404, 200, 200, 200], w => Get($"/api/customers/{w.Tenant.CustomerId}/projects")),
        ["POST /api/customers/{customerId:guid}/projects"] = ([401, 404, 403, 201, 403], w => Send(HttpMethod.Post, $"/api/customers/{w.Tenant.CustomerId}/projects", new { identifier = Unique("p"), name = "P" })),
        ["GET /api/projects/{projectId:guid}"] = ([401, 404, 200, 200, 200], w => Get($"/api/projects/{w.Tenant.ProjectId}")),
        ["PATCH /api/projects/{projectId:guid}"] = ([401, 404, 403, 200, 403], w => Send(HttpMethod.Patch, $"/api/projects/{w.Tenant.ProjectId}", new { name = "N" })),
        ["PUT /api/projects/{projectId:guid}/members/{userId}"] = ([401, 404, 403, 204, 403], w => Send(HttpMethod.Put, $"/api/projects/{w.Tenant.ProjectId}/members/{Unique("u")}")),
        ["DELETE /api/projects/{projectId:guid}/members/{userId}"] = ([401, 404, 403, 204, 403], w => Send(HttpMethod.Delete, $"/api/projects/{w.Tenant.ProjectId}/members/{Unique("u")}")),
        ["PUT /api/projects/{projectId:guid}/locations/{locationIdentifier}"] = ([401, 404, 403, 204, 403], w => Send(HttpMethod.Put, $"/api/projects/{w.Tenant.ProjectId}/locations/{w.Location}")),
        ["DELETE /api/projects/{projectId:guid}/locations/{locationIdentifier}"] = ([401, 404, 403, 204, 403], w => Send(HttpMethod.Delete, $"/api/projects/{w.Tenant.ProjectId}/locations/{w.Location}")),
        ["POST /api/brokers"] = ([401, 404, 403, 201, 403], w => Send(HttpMethod.Post, "/api/brokers", new
        {
            customerId = w.Tenant.CustomerId, name = "B", identifier = Unique("b"), endpoint = w.BrokerEndpoint,
            username = AppFixture.BrokerUsername, password = AppFixture.BrokerPassword,
        })),
        ["GET /api/brokers"] = ([401, 200, 200, 200, 200], _ => Get("/api/brokers")),
        ["GET /api/brokers/{brokerId:guid}"] = ([401, 404, 403, 200, 200], w => Get($"/api/brokers/{w.BrokerId}")),
        ["PATCH /api/brokers/{brokerId:guid}"] = ([401, 404, 403, 200, 403], w => Send(HttpMethod.Patch, $"/api/brokers/{w.BrokerId}", new { name = "Renamed" })),
        ["DELETE /api/brokers/{brokerId:guid}"] = ([401, 404, 403, 204, 403], w => Send(HttpMethod.Delete, $"/api/brokers/{w.BrokerId}?confirmName={Uri.EscapeDataString(w.BrokerName)}")),
        ["GET /api/brokers/{brokerId:guid}/publications"] = ([401, 404, 403, 200, 200], w => Get($"/api/brokers/{w.BrokerId}/publications")),
        ["POST /api/brokers/{brokerId:guid}/publications"] = ([401, 404, 403, 201, 403], w => Send(HttpMethod.Post, $"/api/brokers/{w.BrokerId}/publications", new
        {
            location = "global", endpoint = w.TlsBrokerEndpoint, username = AppFixture.BrokerUsername, password = AppFixture.BrokerPassword,
        })),
        ["GET /api/brokers/{brokerId:guid}/publications/{publicationId:guid}"] = ([401, 404, 403, 200, 200], w => Get($"/api/brokers/{w.BrokerId}/publications/{w.PublicationId}")),
        ["DELETE /api/brokers/{brokerId:guid}/publications/{publicationId:guid}"] = ([401, 404, 403, 204, 403], w => Send(HttpMethod.Delete, $"/api/brokers/{w.BrokerId}/publications/{w.PublicationId}")),
        ["GET /api/publications"] = ([401, 403, 403, 403, 200], _ => Get("/api/publications?status=pending")),
        ["POST /api/publications/{publicationId:guid}/approve"] = ([401, 403, 403, 403, 200], w => Send(HttpMethod.Post, $"/api/publications/{w.PublicationId}/approve")),
        ["GET /api/brokers/{brokerId:guid}/catalog"] = ([401, 404, 403, 200, 200], w => Get($"/api/brokers/{w.BrokerId}/catalog")),
        ["POST /api/brokers/{brokerId:guid}/catalog/refresh"] = ([401, 404, 403, 202, 202], w => Send(HttpMethod.Post, $"/api/brokers/{w.BrokerId}/catalog/refresh")),
        ["GET /api/brokers/{brokerId:guid}/publications/{publicationId:guid}/catalog"] = ([401, 404, 403, 200, 200], w => Get($"/api/brokers/{w.BrokerId}/publications/{w.PublicationId}/catalog")),
        ["POST /api/brokers/{brokerId:guid}/publications/{publicationId:guid}/catalog/refresh"] = ([401, 404, 403, 202, 202], w => Send(HttpMethod.Post, $"/api/brokers/{w.BrokerId}/publications/{w.PublicationId}/catalog/refresh")),
        ["GET /api/projects/{projectId:guid}/marketplace/services"] = ([401, 404, 200, 200, 200], w => Get($"/api/projects/{w.Tenant.ProjectId}/marketplace/services")),
        ["GET /api/projects/{projectId:guid}/marketplace/services/{serviceId:guid}"] = ([401, 404, 200, 200, 200], w => Get($"/api/projects/{w.Tenant.ProjectId}/marketplace/services/{w.ServiceId}")),
        ["POST /api/ops/dashboard-session"] = ([401, 403, 403, 403, 204], _ => Send(HttpMethod.Post, "/api/ops/dashboard-session")),
        ["POST /api/publications/{publicationId:guid}/reject"] = ([401, 403, 403, 403, 200], w => Send(HttpMethod.Post, $"/api/publications/{w.PublicationId}/reject", new { reason = "No" })),

        // Instances and bindings belong to the project's members; others of the customer get 403, outsiders 404.
        ["POST /api/projects/{projectId:guid}/instances"] = ([401, 404, 202, 403, 403], w => Send(HttpMethod.Post, w.InstancesUrl, new { name = Unique("i"), serviceId = w.ServiceId, planId = w.PlanId })),
        ["GET /api/projects/{projectId:guid}/instances"] = ([401, 404, 200, 403, 403], w => Get(w.InstancesUrl)),
        ["GET /api/projects/{projectId:guid}/instances/{instanceId:guid}"] = ([401, 404, 200, 403, 403], w => Get(w.InstanceUrl)),
        ["PATCH /api/projects/{projectId:guid}/instances/{instanceId:guid}"] = ([401, 404, 202, 403, 403], w => Send(HttpMethod.Patch, w.InstanceUrl, new { parameters = new { size = 2 } })),
        ["DELETE /api/projects/{projectId:guid}/instances/{instanceId:guid}"] = ([401, 404, 202, 403, 403], w => Send(HttpMethod.Delete, $"{w.InstanceUrl}?recursive=true")),
        ["POST /api/projects/{projectId:guid}/instances/{instanceId:guid}/bindings"] = ([401, 404, 202, 403, 403], w => Send(HttpMethod.Post, $"{w.InstanceUrl}/bindings", new { name = Unique("b") })),
        ["GET /api/projects/{projectId:guid}/instances/{instanceId:guid}/bindings"] = ([401, 404, 200, 403, 403], w => Get($"{w.InstanceUrl}/bindings")),
        ["GET /api/projects/{projectId:guid}/instances/{instanceId:guid}/bindings/{bindingId:guid}"] = ([401, 404, 200, 403, 403], w => Get(w.BindingUrl)),
        ["DELETE /api/projects/{projectId:guid}/instances/{instanceId:guid}/bindings/{bindingId:guid}"] = ([401, 404, 202, 403, 403], w => Send(HttpMethod.Delete, w.BindingUrl)),

        // X4: the broker's owners and platform admins; an operation that is not in flight is a 404 for them.
        ["GET /api/brokers/{brokerId:guid}/operations"] = ([401, 404, 403, 200, 200], w => Get($"/api/brokers/{w.BrokerId}/operations?state=stuck")),
        ["POST /api/brokers/{brokerId:guid}/operations/{operationId:guid}/repoll"] = ([401, 404, 403, 404, 404], w => Send(HttpMethod.Post, $"/api/brokers/{w.BrokerId}/operations/{Guid.NewGuid()}/repoll")),
        ["POST /api/brokers/{brokerId:guid}/operations/{operationId:guid}/fail"] = ([401, 404, 403, 404, 404], w => Send(HttpMethod.Post, $"/api/brokers/{w.BrokerId}/operations/{Guid.NewGuid()}/fail")),
        ["GET /api/audit"] = ([401, 404, 403, 200, 200], w => Get($"/api/audit?customerId={w.Tenant.CustomerId}")),
        ["POST /api/brokers/{brokerId:guid}/operations/{operationId:guid}/purge"] = ([401, 404, 403, 404, 404], w => Send(HttpMethod.Post, $"/api/brokers/{w.BrokerId}/operations/{Guid.NewGuid()}/purge")),
    };

    public static TheoryData<string, Caller> Cases()
    {
        var data = new TheoryData<string, Caller>();
        foreach (var endpoint in Table.Keys)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                data.Add(endpoint, caller);
            }
        }

        return data;
    }

    [Fact]
    public void Every_endpoint_of_the_app_is_in_the_table()
    {
        var endpoints = App.Endpoints
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => $"{method} {Normalize(e.RoutePattern.RawText)}"))
            .Distinct()
            .ToList();
        endpoints.ShouldNotBeEmpty();
        endpoints.Where(e => !Table.ContainsKey(e)).ShouldBeEmpty("add these endpoints to the authorization table");
        Table.Keys.Where(k => !endpoints.Contains(k)).ShouldBeEmpty("the table names endpoints the app does not have");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_the_expected_status(string endpoint, Caller caller)
    {
        var (expected, request) = Table[endpoint];
        var world = await CreateWorldAsync(withInstance: endpoint.Contains("/instances/", StringComparison.Ordinal));
        using var message = request(world);
        var client = caller switch
        {
            Caller.Anonymous => App.Anonymous(),
            Caller.OtherCustomer => world.Stranger.CustomerAdmin,
            Caller.ProjectMember => world.Tenant.Member,
            Caller.CustomerAdmin => world.Tenant.CustomerAdmin,
            _ => Admin,
        };
        var response = await client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(expected[(int)caller], $"{endpoint} as {caller}: {body}");
        if ((int)response.StatusCode >= 400)
        {
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }
    }

    private async Task<World> CreateWorldAsync(bool withInstance)
    {
        var tenant = await CreateTenantAsync();
        var stranger = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        await RegisterBrokerAsync(stranger);
        var location = await CreatePublicLocationAsync();
        var brokerId = broker["id"]!.GetValue<Guid>();
        JsonObject publication = await PublishAsync(tenant, brokerId, location);
        await Expect(await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/private-{tenant.CustomerIdentifier}", null), System.Net.HttpStatusCode.NoContent);
        var services = await Expect(await tenant.Member.GetAsync($"/api/projects/{tenant.ProjectId}/marketplace/services"), System.Net.HttpStatusCode.OK);
        var serviceId = services["items"]!.AsArray()
            .First(s => s!["name"]!.GetValue<string>() == SampleCatalog.CacheServiceName && s["location"]!.GetValue<string>().StartsWith("private-", StringComparison.Ordinal))!["serviceId"]!.GetValue<Guid>();
        var detail = await Expect(await tenant.Member.GetAsync($"/api/projects/{tenant.ProjectId}/marketplace/services/{serviceId}"), System.Net.HttpStatusCode.OK);
        var planId = detail["plans"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == "basic")!["planId"]!.GetValue<Guid>();
        var world = new World(
            tenant, stranger, brokerId, broker["name"]!.GetValue<string>(), publication["id"]!.GetValue<Guid>(), location,
            BrokerEndpoint, TlsBrokerEndpoint, serviceId, planId);
        if (!withInstance)
        {
            return world;
        }

        // A ready instance with a ready binding, from the shared fake broker (synchronous by default).
        var instance = await Expect(
            await tenant.Member.PostAsJsonAsync(world.InstancesUrl, new { name = Unique("i"), serviceId, planId }), System.Net.HttpStatusCode.Accepted);
        world = world with { InstanceId = instance["id"]!.GetValue<Guid>() };
        await WaitForAsync(tenant.Member, world.InstanceUrl, i => i["state"]!.GetValue<string>() == "ready");
        var binding = await Expect(
            await tenant.Member.PostAsJsonAsync($"{world.InstanceUrl}/bindings", new { name = Unique("b") }), System.Net.HttpStatusCode.Accepted);
        world = world with { BindingId = binding["id"]!.GetValue<Guid>() };
        await WaitForAsync(tenant.Member, world.BindingUrl, b => b["state"]!.GetValue<string>() == "ready");
        return world;
    }

    private static string Normalize(string? pattern) => (pattern ?? string.Empty).TrimEnd('/') is { Length: > 0 } p ? p : "/";

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : JsonContent.Create(body) };

    public sealed record World(
        Tenant Tenant, Tenant Stranger, Guid BrokerId, string BrokerName, Guid PublicationId, string Location,
        string BrokerEndpoint, string TlsBrokerEndpoint, Guid ServiceId, Guid PlanId)
    {
        public Guid InstanceId { get; init; }

        public Guid BindingId { get; init; }

        public string InstancesUrl => $"/api/projects/{Tenant.ProjectId}/instances";

        public string InstanceUrl => $"{InstancesUrl}/{InstanceId}";

        public string BindingUrl => $"{InstanceUrl}/bindings/{BindingId}";
    }
}

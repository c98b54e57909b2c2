using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Base of the instance and binding tests. Each test gets its own fake broker (so scripting it never disturbs
/// another test), a tenant whose project enabled the customer's private location, and the marketplace's ids of
/// the sample catalog. Waits are bounded polls of the public API, the way a client would watch an operation.
/// </summary>
public abstract class InstanceTest(AppFixture app) : ApiTest(app)
{
    protected static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    /// <summary>Starts a fake broker (optionally with another catalog), registers it for a new tenant and enables its location.</summary>
    protected async Task<BrokerSetup> SetUpAsync(JsonNode? catalog = null, int? requestTimeoutSeconds = null)
    {
        var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb-user", Password = "osb-secret" });
        if (catalog is not null)
        {
            broker.Catalog = catalog;
        }

        var tenant = await CreateTenantAsync();
        var registered = await Expect(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId,
            name = BrokerSetup.BrokerName,
            identifier = Unique("osb"),
            endpoint = broker.BaseAddress.ToString(),
            username = "osb-user",
            password = "osb-secret",
            developmentMode = true,
            requestTimeoutSeconds,
        }), HttpStatusCode.Created);
        var brokerId = registered["id"]!.GetValue<Guid>();
        await Expect(
            await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/private-{tenant.CustomerIdentifier}", null),
            HttpStatusCode.NoContent);
        var stored = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{brokerId}/catalog"), HttpStatusCode.OK);
        broker.Reset(); // the catalog check's request is not part of what tests look at
        return new BrokerSetup(tenant, broker, brokerId, stored);
    }

    protected static async Task<JsonObject> ProvisionAsync(
        BrokerSetup marketplace, string? brokerPlanId = null, object? parameters = null, string? name = null, string? brokerServiceId = null)
    {
        ArgumentNullException.ThrowIfNull(marketplace);
        var response = await SendProvisionAsync(marketplace, brokerPlanId, parameters, name, brokerServiceId);
        var instance = await Expect(response, HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe($"/api/projects/{marketplace.Tenant.ProjectId}/instances/{instance["id"]}");
        instance["state"]!.GetValue<string>().ShouldBe("creating");
        return instance;
    }

    protected static Task<HttpResponseMessage> SendProvisionAsync(
        BrokerSetup marketplace, string? brokerPlanId = null, object? parameters = null, string? name = null, string? brokerServiceId = null)
    {
        ArgumentNullException.ThrowIfNull(marketplace);
        brokerServiceId ??= SampleCatalog.DatabaseServiceId;
        brokerPlanId ??= SampleCatalog.DatabaseSmallPlanId;
        return marketplace.Tenant.Member.PostAsJsonAsync(marketplace.InstancesUrl, new
        {
            name = name ?? Unique("db"),
            serviceId = marketplace.ServiceId(brokerServiceId),
            planId = marketplace.PlanId(brokerServiceId, brokerPlanId),
            parameters,
        });
    }

    /// <summary>Reads the instance until <paramref name="until"/> holds (bounded); fails with the last state seen.</summary>
    protected static async Task<JsonObject> WaitForInstanceAsync(
        BrokerSetup marketplace, JsonObject instance, Func<JsonObject, bool> until, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(marketplace);
        ArgumentNullException.ThrowIfNull(instance);
        return await WaitForAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), until, timeout);
    }

    protected static Task<JsonObject> WaitForStateAsync(BrokerSetup marketplace, JsonObject instance, string state, TimeSpan? timeout = null) =>
        WaitForInstanceAsync(marketplace, instance, i => i["state"]!.GetValue<string>() == state && i["lastOperation"]!["state"]!.GetValue<string>() != "inProgress", timeout);

    /// <summary>Waits until the resource answers 404 (a finished deprovision or unbind removes it).</summary>
    protected static Task WaitUntilGoneAsync(HttpClient client, string url, TimeSpan? timeout = null) =>
        WaitForAsync(client, url, r => r["gone"] is not null, timeout);

    protected static async Task<JsonObject> BindAsync(BrokerSetup marketplace, JsonObject instance, string? name = null, object? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(marketplace);
        var response = await marketplace.Tenant.Member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance)}/bindings", new { name = name ?? Unique("app"), parameters });
        var binding = await Expect(response, HttpStatusCode.Accepted);
        binding["state"]!.GetValue<string>().ShouldBe("creating");
        return binding;
    }

    protected static Task<JsonObject> WaitForBindingAsync(
        BrokerSetup marketplace, JsonObject instance, JsonObject binding, string state, TimeSpan? timeout = null) =>
        WaitForAsync(
            marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding),
            b => b["state"]?.GetValue<string>() == state && b["lastOperation"]!["state"]!.GetValue<string>() != "inProgress", timeout);

    /// <summary>The sample catalog with no parameter schemas on the small plan, so that only the marketplace's own bounds decide.</summary>
    protected static JsonNode PlanWithoutSchemas()
    {
        var catalog = SampleCatalog.Create();
        catalog["services"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!["plans"]!.AsArray()
            .Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId)!.AsObject().Remove("schemas");
        return catalog;
    }

    /// <summary>Waits (bounded) until the fake broker has received a request matching <paramref name="match"/>.</summary>
    protected static Task<RecordedRequest> WaitForBrokerRequestAsync(BrokerSetup marketplace, Func<RecordedRequest, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(marketplace);
        return marketplace.Broker.WaitForRequestAsync(match, timeout ?? DefaultWait);
    }
}

/// <summary>A tenant with a registered fake broker and the marketplace's ids of its catalog.</summary>
public sealed record BrokerSetup(Tenant Tenant, FakeOsbBroker Broker, Guid BrokerId, JsonObject Catalog) : IAsyncDisposable
{
    public string InstancesUrl => $"/api/projects/{Tenant.ProjectId}/instances";

    public string InstanceUrl(JsonObject instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return $"{InstancesUrl}/{instance["id"]}";
    }

    public string BindingUrl(JsonObject instance, JsonObject binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return $"{InstanceUrl(instance)}/bindings/{binding["id"]}";
    }

    public Guid ServiceId(string brokerServiceId) => Service(brokerServiceId)["id"]!.GetValue<Guid>();

    public Guid PlanId(string brokerServiceId, string brokerPlanId) =>
        Service(brokerServiceId)["plans"]!.AsArray().Single(p => p!["brokerPlanId"]!.GetValue<string>() == brokerPlanId)!["id"]!.GetValue<Guid>();

    private JsonNode Service(string brokerServiceId) =>
        Catalog["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == brokerServiceId)!;

    /// <summary>
    /// Deletes the broker before stopping the fake one: its instances become orphaned records and their operations end,
    /// so no orphan mitigation keeps retrying against a stopped broker in the shared test app.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var response = await Tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{BrokerId}?confirmName={Uri.EscapeDataString(BrokerName)}");
            if (response.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                break; // 204, or 404 when the test deleted it itself
            }

            await Task.Delay(100); // a background step saved at the same moment (409 concurrency.conflict): read again and retry
        }

        await Broker.DisposeAsync();
    }

    public const string BrokerName = "Instances broker";
}

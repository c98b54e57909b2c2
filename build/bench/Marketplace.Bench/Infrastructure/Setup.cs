using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// Tenants, brokers and the marketplace ids of a plan, set up through the API exactly as the API tests do: a customer
/// with an admin, a project with a member, a private broker registration, the project enabling the customer's private
/// location, then the project's marketplace for the service and plan ids.
/// </summary>
internal static class Setup
{
    public const string BrokerUsername = "bench-broker";
    public const string BrokerPassword = "bench:broker-secret";

    /// <summary>An in-process fake broker on 127.0.0.1 with the credentials the registrations use.</summary>
    public static Task<FakeOsbBroker> StartBrokerAsync() =>
        FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = BrokerUsername, Password = BrokerPassword });

    public static async Task<Tenant> CreateTenantAsync(MarketplaceNode node, string prefix)
    {
        ArgumentNullException.ThrowIfNull(node);
        var identifier = Unique(prefix);
        var customer = (await node.Admin.PostAsync("/api/customers", new { identifier, name = $"Customer {identifier}" })).Expect(201);
        var customerId = customer["id"]!.GetValue<Guid>();
        var adminUser = Unique("admin");
        (await node.Admin.PutAsync($"/api/customers/{customerId}/admins/{adminUser}")).Expect(204);
        var customerAdmin = node.Client(adminUser);
        var project = (await customerAdmin.PostAsync($"/api/customers/{customerId}/projects", new { identifier = "bench", name = "Bench project" })).Expect(201);
        var projectId = project["id"]!.GetValue<Guid>();
        var memberUser = Unique("member");
        (await customerAdmin.PutAsync($"/api/projects/{projectId}/members/{memberUser}")).Expect(204);
        return new Tenant(customerId, identifier, projectId, customerAdmin, node.Client(memberUser));
    }

    /// <summary>
    /// Registers <paramref name="broker"/> privately for the tenant, enables <c>private-&lt;customer&gt;</c> on its project and
    /// looks up the marketplace's ids of <c>fake-database</c> / <c>small</c>. The broker's recording is reset afterwards.
    /// </summary>
    public static async Task<Offering> RegisterBrokerAsync(Tenant tenant, FakeOsbBroker broker, int? requestTimeoutSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(broker);
        var identifier = Unique("osb");
        var registered = (await tenant.CustomerAdmin.PostAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId,
            name = $"Broker {identifier}",
            identifier,
            endpoint = broker.BaseAddress.ToString(),
            username = BrokerUsername,
            password = BrokerPassword,
            developmentMode = true,
            requestTimeoutSeconds,
        })).Expect(201);
        var location = $"private-{tenant.CustomerIdentifier}";
        (await tenant.CustomerAdmin.PutAsync($"/api/projects/{tenant.ProjectId}/locations/{location}")).Expect(204);

        var services = (await tenant.Member.GetAsync(
            $"/api/projects/{tenant.ProjectId}/marketplace/services?location={location}&q={SampleCatalog.DatabaseServiceName}")).Expect(200);
        var serviceId = services["items"]!.AsArray()
            .Single(s => s!["name"]!.GetValue<string>() == SampleCatalog.DatabaseServiceName)!["serviceId"]!.GetValue<Guid>();
        var detail = (await tenant.Member.GetAsync($"/api/projects/{tenant.ProjectId}/marketplace/services/{serviceId}")).Expect(200);
        var planId = detail["plans"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "small")!["planId"]!.GetValue<Guid>();
        broker.Reset();
        return new Offering(tenant, registered["id"]!.GetValue<Guid>(), serviceId, planId, broker);
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}

/// <summary>A customer with an admin, and a project with a member.</summary>
internal sealed record Tenant(Guid CustomerId, string CustomerIdentifier, Guid ProjectId, ApiClient CustomerAdmin, ApiClient Member)
{
    public string InstancesPath => $"/api/projects/{ProjectId}/instances";
}

/// <summary>A registered fake broker and the marketplace's ids of its <c>fake-database</c> / <c>small</c> plan as the tenant's project sees them.</summary>
internal sealed record Offering(Tenant Tenant, Guid BrokerId, Guid ServiceId, Guid PlanId, FakeOsbBroker Broker)
{
    public ApiClient Member => Tenant.Member;

    public string InstancesPath => Tenant.InstancesPath;

    public string InstancePath(Guid instanceId) => $"{InstancesPath}/{instanceId}";

    public string BindingsPath(Guid instanceId) => $"{InstancePath(instanceId)}/bindings";

    /// <summary>The body of a provision (parameters valid for the plan's schema).</summary>
    public object ProvisionBody(string name) => new
    {
        name,
        serviceId = ServiceId,
        planId = PlanId,
        parameters = new JsonObject { ["storage_gb"] = 5, ["engine"] = "postgres" },
    };

    /// <summary>POST a provision; answers the answer and, on 202, the new instance's id.</summary>
    public async Task<(ApiAnswer Answer, Guid? InstanceId)> ProvisionAsync(string name, CancellationToken cancellationToken = default)
    {
        var answer = await Member.PostAsync(InstancesPath, ProvisionBody(name), cancellationToken);
        return (answer, answer.Status == 202 ? answer.Json()["id"]!.GetValue<Guid>() : null);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>
/// Several app processes on one database (A5): catalog refreshes of one connection never overlap, and no broker
/// operation is stepped by two nodes at once (each instance gets one PUT and its polls follow one another).
/// </summary>
public sealed class SharedDatabaseTests(SqliteMarketplaceApp first) : IClassFixture<SqliteMarketplaceApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_app_processes_never_fetch_the_same_catalog_at_the_same_time()
    {
        // The second node is a real process on the same database file, key ring and token keys.
        await using var second = await AppProcess.StartAsync(first.Settings);
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });

        var admin = first.AsPlatformAdmin();
        var customer = JsonNode.Parse(await (await admin.PostAsJsonAsync("/api/customers", new { identifier = "shared-db", name = "Shared" })).Content.ReadAsStringAsync())!;
        var customerId = customer["id"]!.GetValue<Guid>();
        (await admin.PutAsync($"/api/customers/{customerId}/admins/owner", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var registered = await first.As("owner").PostAsJsonAsync("/api/brokers", new
        {
            customerId, name = "Shared", identifier = "shared-broker", endpoint = fake.BaseAddress.ToString(), username = "u", password = "p",
        });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        var brokerId = JsonNode.Parse(await registered.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();

        fake.Reset();
        fake.CatalogDelay = TimeSpan.FromMilliseconds(800);
        var ownerToken = first.Tokens.For("owner");
        using var secondClient = second.Client(ownerToken);
        var triggers = Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? first.As("owner") : secondClient).PostAsync($"/api/brokers/{brokerId}/catalog/refresh", null));
        foreach (var response in await Task.WhenAll(triggers))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, second.Output);
        }

        await fake.WaitForRequestAsync(r => r.Operation == OsbOperation.Catalog, TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(3));
        fake.RequestsFor(OsbOperation.Catalog).Count.ShouldBeGreaterThan(0);
        fake.MaxConcurrentCatalogRequests.ShouldBe(1);
    }

    [Fact]
    [Trait("Checklist", "N95")]
    public async Task Two_app_processes_never_step_the_same_broker_operation_at_the_same_time()
    {
        // Both nodes dispatch broker operations: neither configuration switches the job server off (it is on by default).
        first.Services.GetRequiredService<IConfiguration>().GetValue("Jobs:RunServer", true).ShouldBeTrue();
        bool.Parse(first.Settings.GetValueOrDefault("Jobs:RunServer") ?? Environment.GetEnvironmentVariable("Jobs__RunServer") ?? "true")
            .ShouldBeTrue("the second node must run the job server too");

        // Calls are attributed to nodes by their request ids in each node's log; a call that went well is logged at Debug.
        var settings = new Dictionary<string, string?>(first.Settings) { ["Logging:LogLevel:Marketplace.Infrastructure.ServiceBrokers"] = "Debug" };
        await using var second = await AppProcess.StartAsync(settings);
        await using var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb-user", Password = "osb-secret" });
        var setup = await SetUpAsync(broker);
        try
        {
            // Provisions finish after a while, and every broker call takes time, so two nodes stepping one operation would overlap.
            broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.After(TimeSpan.FromSeconds(6)));
            broker.SetDelay(OsbOperation.Provision, TimeSpan.FromMilliseconds(300));
            broker.SetDelay(OsbOperation.InstanceLastOperation, TimeSpan.FromMilliseconds(300));

            using var member = first.WithToken(setup.MemberToken);
            using var secondMember = Client(second, setup.MemberToken);
            var instanceIds = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                var created = await Expect(await member.PostAsJsonAsync(setup.InstancesUrl, new
                {
                    name = $"orders-db-{i}",
                    serviceId = setup.ServiceId,
                    planId = setup.PlanId,
                }), HttpStatusCode.Accepted);
                created["state"]!.GetValue<string>().ShouldBe("creating");
                instanceIds.Add(created["id"]!.ToString());
            }

            // Both nodes see every instance ready.
            foreach (var (node, client) in new[] { ("first", member), ("second", secondMember) })
            {
                foreach (var id in instanceIds)
                {
                    var ready = await WaitForAsync(client, $"{setup.InstancesUrl}/{id}",
                        i => i["state"]!.GetValue<string>() != "creating" && i["lastOperation"]!["state"]!.GetValue<string>() != "inProgress",
                        second);
                    ready["state"]!.GetValue<string>().ShouldBe("ready", $"{node} node: {ready.ToJsonString()}");
                    ready["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("create");
                    ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
                }
            }

            broker.Instances.Count.ShouldBe(instanceIds.Count);
            broker.Instances.ShouldAllBe(i => i.Ready);
            var requests = broker.Requests;
            foreach (var id in instanceIds)
            {
                var calls = requests.Where(r => r.InstanceId == id).OrderBy(r => r.ReceivedAt).ToList();
                calls.ShouldAllBe(r => r.IsCompleted && !r.Aborted && (r.Operation == OsbOperation.Provision || r.Operation == OsbOperation.InstanceLastOperation),
                    Describe(calls));
                calls.Count(r => r.Operation == OsbOperation.Provision).ShouldBe(1, Describe(calls));
                calls[0].Operation.ShouldBe(OsbOperation.Provision, Describe(calls));
                calls.Count(r => r.Operation == OsbOperation.InstanceLastOperation).ShouldBeGreaterThan(0, Describe(calls));

                // No two calls for one instance (the PUT and its polls) were in flight at the same time.
                foreach (var (earlier, later) in calls.Zip(calls.Skip(1)))
                {
                    later.ReceivedAt.ShouldBeGreaterThanOrEqualTo(earlier.CompletedAt!.Value, $"#{later.Sequence} overlaps #{earlier.Sequence}\n{Describe(calls)}");
                }
            }

            // Both nodes did some of the work: every call's request id is in exactly one node's log.
            var relevant = requests.Where(r => instanceIds.Contains(r.InstanceId!)).ToList();
            var byNode = await AttributeAsync(relevant, second);
            byNode.First.ShouldBeGreaterThan(0, "the in-process node made none of the calls");
            byNode.Second.ShouldBeGreaterThan(0, $"the second process made none of the calls\n{second.Output}");
        }
        finally
        {
            using var owner = first.WithToken(setup.OwnerToken);
            using var _ = await owner.DeleteAsync($"/api/brokers/{setup.BrokerId}?confirmName={Uri.EscapeDataString(BrokerName)}");
        }
    }

    private const string BrokerName = "Shared polls broker";

    /// <summary>
    /// Counts the calls each node made, by the request id the marketplace sends (X-Broker-API-Request-Identity) and
    /// logs with every broker call: the in-process node's log is captured, the second process's is its console output.
    /// </summary>
    private async Task<(int First, int Second)> AttributeAsync(IReadOnlyList<RecordedRequest> requests, AppProcess second)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3); // log lines of the last calls may still be on their way
        while (true)
        {
            var firstLog = string.Join('\n', first.Logs.Lines);
            var secondLog = second.Output;
            var ids = requests.Select(r => r.Header("X-Broker-API-Request-Identity")).ToList();
            ids.ShouldAllBe(id => !string.IsNullOrEmpty(id));
            var inFirst = ids.Where(id => firstLog.Contains(id!, StringComparison.Ordinal)).ToHashSet();
            var inSecond = ids.Where(id => secondLog.Contains(id!, StringComparison.Ordinal)).ToHashSet();
            var unattributed = ids.Where(id => !inFirst.Contains(id) && !inSecond.Contains(id)).ToList();
            if (unattributed.Count == 0 || DateTime.UtcNow > deadline)
            {
                unattributed.ShouldBeEmpty("every broker call is logged by the node that made it");
                inFirst.Intersect(inSecond).ShouldBeEmpty("no call is made by both nodes");
                return (inFirst.Count, inSecond.Count);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A customer with an admin, a project with a member, the fake broker registered and its private location enabled, through the first node.</summary>
    private async Task<Setup> SetUpAsync(FakeOsbBroker broker)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var customerIdentifier = $"shared-polls-{suffix}";
        using var admin = first.AsPlatformAdmin();
        var customer = await Expect(
            await admin.PostAsJsonAsync("/api/customers", new { identifier = customerIdentifier, name = "Shared polls" }), HttpStatusCode.Created);
        var customerId = customer["id"]!.GetValue<Guid>();
        var ownerToken = first.Tokens.For($"owner-{suffix}");
        await Expect(await admin.PutAsync($"/api/customers/{customerId}/admins/owner-{suffix}", null), HttpStatusCode.NoContent);

        using var owner = first.WithToken(ownerToken);
        var project = await Expect(
            await owner.PostAsJsonAsync($"/api/customers/{customerId}/projects", new { identifier = "web", name = "Web shop" }), HttpStatusCode.Created);
        var projectId = project["id"]!.GetValue<Guid>();
        await Expect(await owner.PutAsync($"/api/projects/{projectId}/members/member-{suffix}", null), HttpStatusCode.NoContent);
        var registered = await Expect(await owner.PostAsJsonAsync("/api/brokers", new
        {
            customerId,
            name = BrokerName,
            identifier = $"shared-polls-{suffix}",
            endpoint = broker.BaseAddress.ToString(),
            username = "osb-user",
            password = "osb-secret",
            developmentMode = true,
        }), HttpStatusCode.Created);
        var brokerId = registered["id"]!.GetValue<Guid>();
        await Expect(await owner.PutAsync($"/api/projects/{projectId}/locations/private-{customerIdentifier}", null), HttpStatusCode.NoContent);
        var catalog = await Expect(await owner.GetAsync($"/api/brokers/{brokerId}/catalog"), HttpStatusCode.OK);
        var service = catalog["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        var plan = service["plans"]!.AsArray().Single(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId)!;
        broker.Reset();
        return new Setup(projectId, brokerId, service["id"]!.GetValue<Guid>(), plan["id"]!.GetValue<Guid>(), ownerToken, first.Tokens.For($"member-{suffix}"));
    }

    /// <summary>Reads <paramref name="url"/> until <paramref name="until"/> holds, at most <see cref="Wait"/>; fails with the last answer and the second node's output.</summary>
    private static async Task<JsonObject> WaitForAsync(HttpClient client, string url, Func<JsonObject, bool> until, AppProcess second)
    {
        var deadline = DateTime.UtcNow + Wait;
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Expect(await client.GetAsync(url), HttpStatusCode.OK);
            if (until(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"{url} did not change in time; last seen: {last?.ToJsonString()}\n{second.Output}");
    }

    private static string Describe(IEnumerable<RecordedRequest> calls) =>
        string.Join('\n', calls.Select(c => $"{c} received {c.ReceivedAt:HH:mm:ss.fff} completed {c.CompletedAt:HH:mm:ss.fff}"));

    private static HttpClient Client(AppProcess app, string token)
    {
        var client = app.Client(token);
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    private static async Task<JsonObject> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBe((int)status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {body}");
            return body.Length == 0 ? [] : JsonNode.Parse(body)!.AsObject();
        }
    }

    private sealed record Setup(Guid ProjectId, Guid BrokerId, Guid ServiceId, Guid PlanId, string OwnerToken, string MemberToken)
    {
        public string InstancesUrl => $"/api/projects/{ProjectId}/instances";
    }
}

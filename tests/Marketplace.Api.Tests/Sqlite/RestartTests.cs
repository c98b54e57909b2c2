using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>
/// Done-when 3 (D39, N94): broker operations live in the database, not in the job queue. The marketplace runs as a
/// real process on its own SQLite file (in-memory Hangfire, the default) and is killed hard, either while it polls an
/// asynchronous provision or bind, or while its provision or bind PUT still waits for the broker's answer. A new
/// process on the same file takes the operation over once the dead process's claim has lapsed: it resumes polling
/// with the persisted operation token, or resends the very same PUT (same instance and binding ids, same body), which
/// the broker answers 201 (it never acted on the first) or 200 (it had, and the identical resource exists). Either way
/// the instance or binding (with its credentials) becomes ready, nothing stays <c>creating</c>, no answered request
/// is sent again, and a PUT killed in flight starts no orphan mitigation.
/// </summary>
public sealed class RestartTests(AppFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Long enough to kill the process while the broker still says "in progress".</summary>
    private static readonly TimeSpan BrokerDuration = TimeSpan.FromSeconds(6);

    /// <summary>
    /// The broker's request timeout while a PUT is killed in flight: ample time to kill the process before it gives
    /// up on the PUT itself (which would be a timeout with orphan mitigation), yet a short claim (timeout + margin).
    /// </summary>
    private const int InFlightRequestTimeoutSeconds = 4;

    private const string RequestIdentityHeader = "X-Broker-API-Request-Identity";
    private const string OriginatingIdentityHeader = "X-Broker-API-Originating-Identity";

    /// <summary>The request identity of the test's own replay of a PUT, to tell it from the marketplace's requests.</summary>
    private const string ReplayIdentity = "restart-test-replay";

    private readonly string _directory = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "marketplace-restart-tests", Guid.NewGuid().ToString("N"))).FullName;

    private Dictionary<string, string?> _settings = [];

    public ValueTask InitializeAsync()
    {
        // The fixture's configuration (token keys, key-ring certificate, fast operations) on a database of our own,
        // so the in-process fixture app never touches these operations. A short claim margin lets the claim of a
        // killed process lapse quickly (the broker's request timeout, 2 s below, is part of it too).
        _settings = new Dictionary<string, string?>(fixture.Settings)
        {
            ["ConnectionStrings:Marketplace"] = $"Data Source={Path.Combine(_directory, "marketplace.db")}",
            ["Operations:ClaimMargin"] = "00:00:02",
        };
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp folder.
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    [Trait("Checklist", "D39")]
    public async Task A_provision_polled_when_the_process_is_killed_becomes_ready_after_a_restart()
    {
        await using var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb-user", Password = "osb-secret" });
        Setup setup;
        JsonObject instance;
        await using (var first = await StartAppAsync())
        {
            setup = await SetUpAsync(first, broker);
            broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.After(BrokerDuration));

            instance = await Expect(await setup.Member(first).PostAsJsonAsync(setup.InstancesUrl, new
            {
                name = "orders-db",
                serviceId = setup.ServiceId,
                planId = setup.PlanId,
            }), HttpStatusCode.Accepted);
            instance["state"]!.GetValue<string>().ShouldBe("creating");
            var instanceId = instance["id"]!.ToString();

            await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Provision && r.InstanceId == instanceId && r.ResponseStatus == 202, Wait);
            await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.InstanceLastOperation && r.InstanceId == instanceId && r.ResponseStatus == 200, Wait);
            first.Kill();
        }

        var killedAt = DateTimeOffset.UtcNow;
        broker.Instances.ShouldHaveSingleItem().Ready.ShouldBeFalse("the process must be killed while the provision is still in progress");

        await using var second = await StartAppAsync();
        var ready = await WaitForAsync(second, setup.Member(second), $"{setup.InstancesUrl}/{instance["id"]}", i => State(i) != "creating");

        ready["state"]!.GetValue<string>().ShouldBe("ready", ready.ToJsonString());
        ready["usable"]!.GetValue<bool>().ShouldBeTrue();
        ready["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("create");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        broker.Instances.ShouldHaveSingleItem().Ready.ShouldBeTrue();

        // Polling resumed from the database: the same operation token, and no second provision.
        broker.RequestsFor(OsbOperation.Provision).Count.ShouldBe(1);
        var polls = broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.ShouldContain(p => p.ReceivedAt > killedAt, "the restarted process polls");
        var token = polls[0].QueryValue("operation");
        token.ShouldNotBeNullOrEmpty();
        polls.ShouldAllBe(p => p.QueryValue("operation") == token);

        await ShouldHaveNothingCreatingAsync(second, setup);
    }

    [Fact]
    [Trait("Checklist", "D39")]
    public async Task A_bind_polled_when_the_process_is_killed_becomes_ready_with_its_credentials_after_a_restart()
    {
        await using var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb-user", Password = "osb-secret" });
        Setup setup;
        JsonObject instance;
        JsonObject binding;
        await using (var first = await StartAppAsync())
        {
            setup = await SetUpAsync(first, broker);
            var member = setup.Member(first);
            instance = await Expect(await member.PostAsJsonAsync(setup.InstancesUrl, new
            {
                name = "orders-db",
                serviceId = setup.ServiceId,
                planId = setup.PlanId,
            }), HttpStatusCode.Accepted);
            var ready = await WaitForAsync(first, member, $"{setup.InstancesUrl}/{instance["id"]}", i => State(i) != "creating");
            ready["state"]!.GetValue<string>().ShouldBe("ready", ready.ToJsonString());

            broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.After(BrokerDuration));
            binding = await Expect(
                await member.PostAsJsonAsync($"{setup.InstancesUrl}/{instance["id"]}/bindings", new { name = "orders-app" }),
                HttpStatusCode.Accepted);
            binding["state"]!.GetValue<string>().ShouldBe("creating");
            var bindingId = binding["id"]!.ToString();

            await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Bind && r.BindingId == bindingId && r.ResponseStatus == 202, Wait);
            await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.BindingLastOperation && r.BindingId == bindingId && r.ResponseStatus == 200, Wait);
            first.Kill();
        }

        var killedAt = DateTimeOffset.UtcNow;
        broker.Bindings.ShouldHaveSingleItem().Ready.ShouldBeFalse("the process must be killed while the bind is still in progress");

        await using var second = await StartAppAsync();
        var bindingUrl = $"{setup.InstancesUrl}/{instance["id"]}/bindings/{binding["id"]}";
        var bound = await WaitForAsync(second, setup.Member(second), bindingUrl, b => State(b) != "creating");

        bound["state"]!.GetValue<string>().ShouldBe("ready", bound.ToJsonString());
        bound["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        var brokerBinding = broker.Bindings.ShouldHaveSingleItem();
        brokerBinding.Ready.ShouldBeTrue();
        bound["credentials"].ShouldNotBeNull(bound.ToJsonString());
        bound["credentials"]!.ToJsonString().ShouldBe(JsonNode.Parse(brokerBinding.CredentialsJson)!.ToJsonString());

        // Polling resumed from the database: the same operation token, no second bind, and the credentials fetched afterwards.
        broker.RequestsFor(OsbOperation.Bind).Count.ShouldBe(1);
        var polls = broker.RequestsFor(OsbOperation.BindingLastOperation);
        polls.ShouldContain(p => p.ReceivedAt > killedAt, "the restarted process polls");
        var token = polls[0].QueryValue("operation");
        token.ShouldNotBeNullOrEmpty();
        polls.ShouldAllBe(p => p.QueryValue("operation") == token);
        broker.RequestsFor(OsbOperation.FetchBinding).ShouldContain(f => f.ReceivedAt > killedAt && f.ResponseStatus == 200);

        await ShouldHaveNothingCreatingAsync(second, setup);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Checklist", "D39")]
    [Trait("Checklist", "N94")]
    public async Task A_provision_PUT_in_flight_when_the_process_is_killed_is_resent_identically_and_becomes_ready_after_a_restart(
        bool brokerHadCarriedItOut)
    {
        await using var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb-user", Password = "osb-secret" });
        Setup setup;
        string instanceId;
        RecordedRequest firstPut;
        await using (var first = await StartAppAsync())
        {
            setup = await SetUpAsync(first, broker, InFlightRequestTimeoutSeconds);
            // Only the first PUT hangs (the pipeline waits before the route, so the broker has not acted on it);
            // the fake broker gives up on it, creating nothing, when the dead process's connection goes away.
            broker.Script(OsbOperation.Provision, ScriptedResponse.NoAnswer);

            var instance = await Expect(await setup.Member(first).PostAsJsonAsync(setup.InstancesUrl, new
            {
                name = "orders-db",
                serviceId = setup.ServiceId,
                planId = setup.PlanId,
                parameters = new { storage_gb = 10, engine = "postgres" },
            }), HttpStatusCode.Accepted);
            instance["state"]!.GetValue<string>().ShouldBe("creating");
            instanceId = instance["id"]!.ToString();

            firstPut = await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Provision && r.InstanceId == instanceId, Wait);
            first.Kill();
        }

        var killedAt = DateTimeOffset.UtcNow;
        await ShouldBeAbortedAsync(broker, firstPut);
        broker.Instances.ShouldBeEmpty("the broker had not acted on the PUT when the process died");
        if (brokerHadCarriedItOut)
        {
            // As if the broker had created the instance just before the process died and its answer were lost.
            (await ReplayAsync(broker, firstPut)).ShouldBe(201);
            broker.Instances.ShouldHaveSingleItem().Ready.ShouldBeTrue();
        }

        await using var second = await StartAppAsync();
        var ready = await WaitForAsync(second, setup.Member(second), $"{setup.InstancesUrl}/{instanceId}", i => State(i) != "creating");

        ready["state"]!.GetValue<string>().ShouldBe("ready", ready.ToJsonString());
        ready["usable"]!.GetValue<bool>().ShouldBeTrue();
        ready["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("create");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        var brokerInstance = broker.Instances.ShouldHaveSingleItem();
        brokerInstance.Id.ShouldBe(instanceId);
        brokerInstance.Ready.ShouldBeTrue();

        // N94: the restarted process resent the same PUT (same instance id, same body) once, never a new instance id.
        var resend = ShouldBeResentIdentically(broker, OsbOperation.Provision, firstPut, killedAt);
        resend.ResponseStatus.ShouldBe(brokerHadCarriedItOut ? 200 : 201, "200 when the identical instance exists, 201 when the broker creates it now");
        broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty("a killed process is no broker failure: no orphan mitigation");

        await ShouldHaveNothingCreatingAsync(second, setup);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Checklist", "D39")]
    [Trait("Checklist", "N94")]
    public async Task A_bind_PUT_in_flight_when_the_process_is_killed_is_resent_identically_and_becomes_ready_with_its_credentials_after_a_restart(
        bool brokerHadCarriedItOut)
    {
        await using var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb-user", Password = "osb-secret" });
        Setup setup;
        string instanceId;
        string bindingId;
        RecordedRequest firstPut;
        await using (var first = await StartAppAsync())
        {
            setup = await SetUpAsync(first, broker, InFlightRequestTimeoutSeconds);
            var member = setup.Member(first);
            var instance = await Expect(await member.PostAsJsonAsync(setup.InstancesUrl, new
            {
                name = "orders-db",
                serviceId = setup.ServiceId,
                planId = setup.PlanId,
            }), HttpStatusCode.Accepted);
            instanceId = instance["id"]!.ToString();
            var ready = await WaitForAsync(first, member, $"{setup.InstancesUrl}/{instanceId}", i => State(i) != "creating");
            ready["state"]!.GetValue<string>().ShouldBe("ready", ready.ToJsonString());

            broker.Script(OsbOperation.Bind, ScriptedResponse.NoAnswer); // only the first bind PUT hangs, unacted on
            var binding = await Expect(
                await member.PostAsJsonAsync(
                    $"{setup.InstancesUrl}/{instanceId}/bindings", new { name = "orders-app", parameters = new { role = "read" } }),
                HttpStatusCode.Accepted);
            binding["state"]!.GetValue<string>().ShouldBe("creating");
            bindingId = binding["id"]!.ToString();

            firstPut = await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Bind && r.BindingId == bindingId, Wait);
            first.Kill();
        }

        var killedAt = DateTimeOffset.UtcNow;
        await ShouldBeAbortedAsync(broker, firstPut);
        broker.Bindings.ShouldBeEmpty("the broker had not acted on the bind PUT when the process died");
        if (brokerHadCarriedItOut)
        {
            // As if the broker had created the binding just before the process died and its answer were lost.
            (await ReplayAsync(broker, firstPut)).ShouldBe(201);
            broker.Bindings.ShouldHaveSingleItem().Ready.ShouldBeTrue();
        }

        await using var second = await StartAppAsync();
        var bindingUrl = $"{setup.InstancesUrl}/{instanceId}/bindings/{bindingId}";
        var bound = await WaitForAsync(second, setup.Member(second), bindingUrl, b => State(b) != "creating");

        bound["state"]!.GetValue<string>().ShouldBe("ready", bound.ToJsonString());
        bound["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        var brokerBinding = broker.Bindings.ShouldHaveSingleItem();
        brokerBinding.Ready.ShouldBeTrue();
        bound["credentials"].ShouldNotBeNull(bound.ToJsonString());
        bound["credentials"]!.ToJsonString().ShouldBe(JsonNode.Parse(brokerBinding.CredentialsJson)!.ToJsonString());

        // N94: the restarted process resent the same PUT (same instance and binding ids, same body) once.
        var resend = ShouldBeResentIdentically(broker, OsbOperation.Bind, firstPut, killedAt);
        resend.BindingId.ShouldBe(bindingId);
        resend.ResponseStatus.ShouldBe(brokerHadCarriedItOut ? 200 : 201, "200 when the identical binding exists, 201 when the broker creates it now");
        broker.RequestsFor(OsbOperation.Unbind).ShouldBeEmpty("a killed process is no broker failure: no orphan mitigation");
        broker.RequestsFor(OsbOperation.Provision).Count.ShouldBe(1, "the instance was provisioned once, before the kill");

        await ShouldHaveNothingCreatingAsync(second, setup);
    }

    private Task<AppProcess> StartAppAsync() => AppProcess.StartAsync(_settings, TimeSpan.FromSeconds(120));

    /// <summary>Over HTTP against the process: a customer with an admin, a project with a member, the fake broker registered and its location enabled.</summary>
    private async Task<Setup> SetUpAsync(AppProcess app, FakeOsbBroker broker, int requestTimeoutSeconds = 2)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var customerIdentifier = $"restart-{suffix}";
        using var admin = Client(app, fixture.Tokens.For("platform-admin-user", "platform-admin"));
        var customer = await Expect(
            await admin.PostAsJsonAsync("/api/customers", new { identifier = customerIdentifier, name = "Restart" }), HttpStatusCode.Created);
        var customerId = customer["id"]!.GetValue<Guid>();
        await Expect(await admin.PutAsync($"/api/customers/{customerId}/admins/owner-{suffix}", null), HttpStatusCode.NoContent);

        using var owner = Client(app, fixture.Tokens.For($"owner-{suffix}"));
        var project = await Expect(
            await owner.PostAsJsonAsync($"/api/customers/{customerId}/projects", new { identifier = "web", name = "Web shop" }), HttpStatusCode.Created);
        var projectId = project["id"]!.GetValue<Guid>();
        await Expect(await owner.PutAsync($"/api/projects/{projectId}/members/member-{suffix}", null), HttpStatusCode.NoContent);
        var registered = await Expect(await owner.PostAsJsonAsync("/api/brokers", new
        {
            customerId,
            name = "Restart broker",
            identifier = $"osb-{suffix}",
            endpoint = broker.BaseAddress.ToString(),
            username = "osb-user",
            password = "osb-secret",
            developmentMode = true,
            requestTimeoutSeconds,
        }), HttpStatusCode.Created);
        var brokerId = registered["id"]!.GetValue<Guid>();
        await Expect(await owner.PutAsync($"/api/projects/{projectId}/locations/private-{customerIdentifier}", null), HttpStatusCode.NoContent);
        var catalog = await Expect(await owner.GetAsync($"/api/brokers/{brokerId}/catalog"), HttpStatusCode.OK);
        var service = catalog["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        var plan = service["plans"]!.AsArray().Single(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId)!;
        broker.Reset();
        return new Setup(projectId, service["id"]!.GetValue<Guid>(), plan["id"]!.GetValue<Guid>(), fixture.Tokens.For($"member-{suffix}"));
    }

    private static async Task ShouldHaveNothingCreatingAsync(AppProcess app, Setup setup)
    {
        var member = setup.Member(app);
        var instances = await Expect(await member.GetAsync(setup.InstancesUrl), HttpStatusCode.OK);
        foreach (var instance in instances["items"]!.AsArray())
        {
            State(instance!.AsObject()).ShouldBe("ready", instance.ToJsonString());
            var bindings = await Expect(await member.GetAsync($"{setup.InstancesUrl}/{instance["id"]}/bindings"), HttpStatusCode.OK);
            bindings["items"]!.AsArray().ShouldAllBe(b => State(b!.AsObject()) == "ready", bindings.ToJsonString());
        }
    }

    /// <summary>Waits (bounded) until the broker has seen the client of <paramref name="put"/> go away unanswered.</summary>
    private static async Task ShouldBeAbortedAsync(FakeOsbBroker broker, RecordedRequest put)
    {
        await broker.WaitForRequestAsync(r => r.Sequence == put.Sequence && r.IsCompleted, TimeSpan.FromSeconds(15));
        put.Aborted.ShouldBeTrue($"the PUT must still be waiting for its answer when the process is killed: {put}");
        put.ResponseStatus.ShouldBeNull();
        put.Body.ShouldNotBeNullOrEmpty();
    }

    /// <summary>
    /// The marketplace's requests of <paramref name="operation"/> (the test's replay left out) are the killed PUT and one
    /// resend by the restarted process, identical on the wire: method, path with ids and query, body, originating identity.
    /// </summary>
    private static RecordedRequest ShouldBeResentIdentically(FakeOsbBroker broker, OsbOperation operation, RecordedRequest firstPut, DateTimeOffset killedAt)
    {
        var puts = broker.RequestsFor(operation).Where(r => r.Header(RequestIdentityHeader) != ReplayIdentity).ToList();
        puts.Count.ShouldBe(2, string.Join("; ", puts));
        puts[0].Sequence.ShouldBe(firstPut.Sequence);
        var resend = puts[1];
        resend.ReceivedAt.ShouldBeGreaterThan(killedAt, "the restarted process resends");
        resend.Method.ShouldBe("PUT");
        resend.RawTarget.ShouldBe(firstPut.RawTarget);
        resend.InstanceId.ShouldBe(firstPut.InstanceId);
        resend.Body.ShouldBe(firstPut.Body);
        resend.Header(OriginatingIdentityHeader).ShouldNotBeNull();
        resend.Header(OriginatingIdentityHeader).ShouldBe(firstPut.Header(OriginatingIdentityHeader));
        return resend;
    }

    /// <summary>Sends <paramref name="put"/> to the broker again as the test (its own request identity); answers the status.</summary>
    private static async Task<int> ReplayAsync(FakeOsbBroker broker, RecordedRequest put)
    {
        using var http = new HttpClient { BaseAddress = broker.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Put, put.RawTarget)
        {
            Content = new StringContent(put.Body, Encoding.UTF8, "application/json"),
        };
        foreach (var name in new[] { "Authorization", "X-Broker-API-Version", OriginatingIdentityHeader })
        {
            if (put.Header(name) is { } value)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.Add(RequestIdentityHeader, ReplayIdentity);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>Reads <paramref name="url"/> until <paramref name="until"/> holds, at most <see cref="Wait"/>; fails with the last answer and the app's output.</summary>
    private static async Task<JsonObject> WaitForAsync(AppProcess app, HttpClient client, string url, Func<JsonObject, bool> until)
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

        throw new TimeoutException($"{url} did not change in time; last seen: {last?.ToJsonString()}\n{app.Output}");
    }

    private static string State(JsonObject resource) => resource["state"]!.GetValue<string>();

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

    private sealed record Setup(Guid ProjectId, Guid ServiceId, Guid PlanId, string MemberToken)
    {
        public string InstancesUrl => $"/api/projects/{ProjectId}/instances";

        /// <summary>A client of the project member against <paramref name="app"/> (clients are cheap; the process may change).</summary>
        public HttpClient Member(AppProcess app) => Client(app, MemberToken);
    }
}

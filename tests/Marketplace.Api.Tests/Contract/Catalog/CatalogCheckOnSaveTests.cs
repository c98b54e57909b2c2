using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Contract.Catalog;

/// <summary>B1/B5: saving a broker or publication first fetches and validates /v2/catalog; any failure is a 422 and saves nothing.</summary>
public sealed class CatalogCheckOnSaveTests(AppFixture app) : ApiTest(app)
{
    private async Task<HttpResponseMessage> RegisterAsync(Tenant tenant, string identifier, string endpoint, string password, int? timeout = null, bool developmentMode = false) =>
        await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = identifier, identifier, endpoint, username = "u", password,
            requestTimeoutSeconds = timeout, developmentMode,
        });

    private async Task ShouldNotExistAsync(Tenant tenant, string identifier)
    {
        var list = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers?customerId={tenant.CustomerId}"), HttpStatusCode.OK);
        list["items"]!.AsArray().Select(b => b!["identifier"]!.GetValue<string>()).ShouldNotContain(identifier);
    }

    [Fact]
    [Trait("Checklist", "A1")]
    [Trait("Checklist", "A3")]
    [Trait("Checklist", "A5")]
    [Trait("Checklist", "A8")]
    [Trait("Checklist", "C16")]
    [Trait("Checklist", "M90")]
    public async Task The_catalog_request_carries_the_OSB_headers_and_the_users_identity()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "pa:ss" });
        var tenant = await CreateTenantAsync();
        await Expect(await RegisterAsync(tenant, Unique("headers"), fake.BaseAddress.ToString(), "pa:ss"), HttpStatusCode.Created);

        var request = fake.RequestsFor(OsbOperation.Catalog).ShouldHaveSingleItem();
        request.Path.ShouldBe("/v2/catalog");
        request.Header("X-Broker-API-Version").ShouldBe("2.17");
        request.Header("Authorization").ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:pa:ss")));
        Guid.TryParse(request.Header("X-Broker-API-Request-Identity"), out _).ShouldBeTrue();
        var identity = request.Header("X-Broker-API-Originating-Identity")!.Split(' ');
        identity.Length.ShouldBe(2);
        identity[0].ShouldBe("marketplace");
        var user = JsonNode.Parse(Convert.FromBase64String(identity[1]))!.AsObject();
        user["user_id"]!.GetValue<string>().ShouldBe(tenant.AdminUser);
    }

    [Fact]
    [Trait("Checklist", "A3")]
    public async Task A_wrong_password_is_422_broker_unauthorized_and_nothing_is_saved()
    {
        var tenant = await CreateTenantAsync();
        var identifier = Unique("wrongpass");
        await ExpectProblem(await RegisterAsync(tenant, identifier, BrokerEndpoint, "not-the-password"), HttpStatusCode.UnprocessableEntity, "broker.unauthorized");
        await ShouldNotExistAsync(tenant, identifier);
        await ExpectProblem(await tenant.CustomerAdmin.GetAsync($"/api/locations/private-{tenant.CustomerIdentifier}"), HttpStatusCode.NotFound, "location.not_found");
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_422_broker_unreachable()
    {
        var tenant = await CreateTenantAsync();
        var identifier = Unique("unreachable");
        await ExpectProblem(await RegisterAsync(tenant, identifier, $"http://127.0.0.1:{ClosedPort()}", "p"), HttpStatusCode.UnprocessableEntity, "broker.unreachable");
        await ShouldNotExistAsync(tenant, identifier);
    }

    [Fact]
    public async Task An_unreachable_host_name_is_described_without_the_addresses_it_resolved_to()
    {
        var tenant = await CreateTenantAsync();
        var identifier = Unique("unreachable");

        var problem = await ExpectProblem(
            await RegisterAsync(tenant, identifier, $"http://localhost:{ClosedPort()}", "p"), HttpStatusCode.UnprocessableEntity, "broker.unreachable");

        var detail = problem["detail"]!.GetValue<string>();
        detail.ShouldContain("the connection was refused");
        detail.ShouldNotContain("127.0.0.1");
        detail.ShouldNotContain("[::1]");
    }

    [Fact]
    [Trait("Checklist", "N92")]
    public async Task A_broker_slower_than_its_request_timeout_is_422_broker_timeout()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        fake.CatalogDelay = TimeSpan.FromSeconds(10);
        var tenant = await CreateTenantAsync();
        var identifier = Unique("slow");
        await ExpectProblem(await RegisterAsync(tenant, identifier, fake.BaseAddress.ToString(), "p", timeout: 1), HttpStatusCode.UnprocessableEntity, "broker.timeout");
        await ShouldNotExistAsync(tenant, identifier);
    }

    [Fact]
    [Trait("Checklist", "C17")]
    [Trait("Checklist", "C18")]
    [Trait("Checklist", "C26")]
    public async Task An_invalid_catalog_is_422_with_every_problem()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        fake.CatalogJson = """
            { "services": [
              { "id": "s1", "name": "dup", "description": "", "bindable": true, "plans": [ { "id": "p1", "name": "a", "description": "A" } ] },
              { "id": "s2", "name": "dup", "description": "B", "plans": [ { "id": "p1", "name": "", "description": "B" } ] }
            ] }
            """;
        var tenant = await CreateTenantAsync();
        var identifier = Unique("invalid");
        var problem = await ExpectProblem(await RegisterAsync(tenant, identifier, fake.BaseAddress.ToString(), "p"),
            HttpStatusCode.UnprocessableEntity, "broker.catalog_invalid");
        var problems = problem["problems"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
        problems.Count.ShouldBeGreaterThanOrEqualTo(5);
        problems.ShouldContain("services[0].description");
        problems.ShouldContain("services[1].bindable");
        problems.ShouldContain("services[1].plans[0].name");
        await ShouldNotExistAsync(tenant, identifier);
    }

    [Fact]
    public async Task A_catalog_over_the_bounds_is_422_with_every_bound_it_breaks_named()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var catalog = SampleCatalog.Create();
        var big = new JsonObject { ["notes"] = new string('m', 70 * 1024) };
        var service = catalog["services"]![0]!;
        service["metadata"] = big.DeepClone();
        service["plans"]![1]!["metadata"] = big.DeepClone();
        service["plans"]![0]!["schemas"] = JsonNode.Parse($$"""
            { "service_instance": { "create": { "parameters": { "$schema": "http://json-schema.org/draft-04/schema#", "description": "{{new string('s', 70 * 1024)}}" } } } }
            """);
        fake.Catalog = catalog;
        var tenant = await CreateTenantAsync();
        var identifier = Unique("bounds");

        var problem = await ExpectProblem(await RegisterAsync(tenant, identifier, fake.BaseAddress.ToString(), "p"),
            HttpStatusCode.UnprocessableEntity, "broker.catalog_invalid");

        problem["problems"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ShouldBe(
            ["services[0].metadata", "services[0].plans[0].schemas.service_instance.create.parameters", "services[0].plans[1].metadata"], ignoreOrder: true);
        await ShouldNotExistAsync(tenant, identifier);
    }

    [Theory]
    [InlineData("malformed")]
    [InlineData("500")]
    [InlineData("412")]
    [Trait("Checklist", "A2")]
    [Trait("Checklist", "B13")]
    [Trait("Checklist", "C16")]
    public async Task A_catalog_that_is_not_a_200_JSON_answer_is_422_catalog_invalid(string failure)
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        switch (failure)
        {
            case "malformed": fake.MalformedCatalog = true; break;
            case "500": fake.CatalogStatus = 500; break;
            default: fake.MinimumApiVersion = new Version(3, 0); break;
        }

        var tenant = await CreateTenantAsync();
        var problem = await ExpectProblem(await RegisterAsync(tenant, Unique("bad"), fake.BaseAddress.ToString(), "p"),
            HttpStatusCode.UnprocessableEntity, "broker.catalog_invalid");
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    [Trait("Checklist", "A11")]
    [Trait("Checklist", "C21")]
    [Trait("Checklist", "C22")]
    public async Task The_stored_catalog_ignores_vendor_fields_and_shows_effective_flags()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var catalog = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{broker["id"]}/catalog"), HttpStatusCode.OK);
        var services = catalog["services"]!.AsArray();
        services.Select(s => s!["name"]!.GetValue<string>()).ShouldBe([SampleCatalog.CacheServiceName, SampleCatalog.DatabaseServiceName]);
        catalog["lastRefreshedAt"].ShouldNotBeNull();
        catalog["lastError"].ShouldBeNull();
        var cache = services.Single(s => s!["name"]!.GetValue<string>() == SampleCatalog.CacheServiceName)!;
        var noBind = cache["plans"]!.AsArray().Single(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.CacheNoBindPlanId)!;
        noBind["bindable"]!.GetValue<bool>().ShouldBeFalse("C23: the plan's bindable=false wins over the offering's true");
        Guid.TryParse(cache["id"]!.GetValue<string>(), out _).ShouldBeTrue("serviceId is the marketplace's own id");
    }

    [Fact]
    [Trait("Checklist", "A4")]
    public async Task A_publication_behind_a_self_signed_certificate_is_refused()
    {
        await using var selfSigned = await FakeOsbBroker.StartAsync(new FakeBrokerOptions
        {
            Username = "u", Password = "p", Certificate = TestCertificates.SelfSignedServerCertificate(),
        });
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync($"/api/brokers/{brokerId}/publications", new
        {
            location = "global", endpoint = selfSigned.BaseAddress.ToString(), username = "u", password = "p",
        }), HttpStatusCode.UnprocessableEntity, "broker.tls_invalid");
        var list = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{brokerId}/publications"), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    [Trait("Checklist", "A4")]
    public async Task A_publication_behind_a_certificate_of_a_trusted_CA_is_accepted()
    {
        var tenant = await CreateTenantAsync();
        var brokerId = (await RegisterBrokerAsync(tenant))["id"]!.GetValue<Guid>();
        var publication = await PublishAsync(tenant, brokerId, "global");
        var catalog = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{brokerId}/publications/{publication["id"]}/catalog"), HttpStatusCode.OK);
        catalog["services"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    [Trait("Checklist", "A4")]
    public async Task Only_a_development_mode_private_broker_may_sit_behind_a_self_signed_certificate()
    {
        await using var selfSigned = await FakeOsbBroker.StartAsync(new FakeBrokerOptions
        {
            Username = "u", Password = "p", Certificate = TestCertificates.SelfSignedServerCertificate(),
        });
        var tenant = await CreateTenantAsync();
        await ExpectProblem(await RegisterAsync(tenant, Unique("strict"), selfSigned.BaseAddress.ToString(), "p"),
            HttpStatusCode.UnprocessableEntity, "broker.tls_invalid");
        await Expect(await RegisterAsync(tenant, Unique("devmode"), selfSigned.BaseAddress.ToString(), "p", developmentMode: true),
            HttpStatusCode.Created);
    }

    [Fact]
    [Trait("Checklist", "N92")]
    public async Task A_broker_that_stalls_after_the_headers_still_times_out()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096], stop.Token); // the request line and headers; their content does not matter
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"services\":"u8.ToArray(), stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(20), stop.Token);
        });
        var tenant = await CreateTenantAsync();
        var started = DateTime.UtcNow;

        await ExpectProblem(await RegisterAsync(tenant, Unique("stall"), $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", "p", timeout: 1),
            HttpStatusCode.UnprocessableEntity, "broker.timeout");

        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => server);
    }

    [Fact]
    [Trait("Checklist", "C19")]
    [Trait("Checklist", "C24")]
    [Trait("Checklist", "C25")]
    public async Task Schema_faults_are_reported_and_odd_names_and_long_strings_are_kept_whole()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var longDescription = new string('d', 1000);
        var bigSchema = new JsonObject { ["$schema"] = "http://json-schema.org/draft-04/schema#", ["description"] = new string('x', 70_000) };
        var catalog = new JsonObject
        {
            ["services"] = new JsonArray(new JsonObject
            {
                ["id"] = "svc", ["name"] = "Upper_Case.Name", ["description"] = longDescription, ["bindable"] = true,
                ["plans"] = new JsonArray(
                    new JsonObject
                    {
                        ["id"] = "no-schema-keyword", ["name"] = "a", ["description"] = "A",
                        ["schemas"] = JsonNode.Parse("""{ "service_instance": { "create": { "parameters": { "type": "object" } } } }"""),
                    },
                    new JsonObject
                    {
                        ["id"] = "external-ref", ["name"] = "b", ["description"] = "B",
                        ["schemas"] = JsonNode.Parse("""{ "service_binding": { "create": { "parameters": { "$schema": "http://json-schema.org/draft-04/schema#", "$ref": "https://evil.example/schema.json" } } } }"""),
                    },
                    new JsonObject
                    {
                        ["id"] = "too-big", ["name"] = "c", ["description"] = "C",
                        ["schemas"] = new JsonObject { ["service_instance"] = new JsonObject { ["update"] = new JsonObject { ["parameters"] = bigSchema } } },
                    }),
            }),
        };
        fake.Catalog = catalog;
        var tenant = await CreateTenantAsync();
        var problem = await ExpectProblem(await RegisterAsync(tenant, Unique("schemas"), fake.BaseAddress.ToString(), "p"),
            HttpStatusCode.UnprocessableEntity, "broker.catalog_invalid");
        var paths = problem["problems"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
        paths.ShouldContain(p => p.StartsWith("services[0].plans[0].schemas", StringComparison.Ordinal));
        paths.ShouldContain(p => p.StartsWith("services[0].plans[1].schemas", StringComparison.Ordinal));
        paths.ShouldContain(p => p.StartsWith("services[0].plans[2].schemas", StringComparison.Ordinal));
        paths.Count.ShouldBe(3, "uppercase names and long descriptions are no problem");

        // Without the faulty schemas the same odd names and long strings are stored whole.
        foreach (var plan in catalog["services"]![0]!["plans"]!.AsArray())
        {
            plan!.AsObject().Remove("schemas");
        }

        fake.Catalog = catalog;
        var broker = await Expect(await RegisterAsync(tenant, Unique("odd"), fake.BaseAddress.ToString(), "p"), HttpStatusCode.Created);
        var stored = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{broker["id"]}/catalog"), HttpStatusCode.OK);
        stored["services"]![0]!["name"]!.GetValue<string>().ShouldBe("Upper_Case.Name");
        stored["services"]![0]!["description"]!.GetValue<string>().ShouldBe(longDescription);
    }

    [Fact]
    public async Task Redirects_are_never_followed()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        fake.CatalogRedirectTo = new Uri("http://169.254.169.254/latest/meta-data/");
        var tenant = await CreateTenantAsync();
        await ExpectProblem(await RegisterAsync(tenant, Unique("redirect"), fake.BaseAddress.ToString(), "p"),
            HttpStatusCode.UnprocessableEntity, "broker.endpoint_forbidden");
        fake.RequestsFor(OsbOperation.Catalog).Count.ShouldBe(1);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

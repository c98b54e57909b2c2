using System.Net;
using System.Net.Http.Json;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Brokers;

public sealed class BrokerRegistrationTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_customer_admin_registers_a_private_broker_with_201_Location_and_no_password()
    {
        var tenant = await CreateTenantAsync();
        var identifier = Unique("postgres");
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb", Password = "p@ss:wörd\"1" });
        var response = await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId,
            name = "Postgres",
            identifier,
            endpoint = fake.BaseAddress.ToString(),
            username = "osb",
            password = "p@ss:wörd\"1",
            developmentMode = true,
            requestTimeoutSeconds = 30,
        });
        var broker = await Expect(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/brokers/{broker["id"]}");
        broker["identifier"]!.GetValue<string>().ShouldBe(identifier);
        broker["endpoint"]!.GetValue<string>().ShouldBe(fake.BaseAddress.ToString().TrimEnd('/'));
        broker["developmentMode"]!.GetValue<bool>().ShouldBeTrue();
        broker["requestTimeoutSeconds"]!.GetValue<int>().ShouldBe(30);
        broker.ContainsKey("password").ShouldBeFalse();
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("p@ss");

        var read = await tenant.CustomerAdmin.GetAsync(response.Headers.Location);
        (await read.Content.ReadAsStringAsync()).ShouldNotContain("p@ss");
        read.Headers.ETag.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_request_timeout_defaults_to_60_seconds()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        broker["requestTimeoutSeconds"]!.GetValue<int>().ShouldBe(60);
    }

    [Fact]
    public async Task Broker_identifiers_are_globally_unique()
    {
        var first = await CreateTenantAsync();
        var second = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(first);
        await ExpectProblem(await second.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = second.CustomerId, name = "Copy", identifier = broker["identifier"]!.GetValue<string>(),
            endpoint = "https://other.example.test", username = "u", password = "p",
        }), HttpStatusCode.Conflict, "broker.identifier_taken");
    }

    [Theory]
    [InlineData("ftp://broker.example.test")]
    [InlineData("https://user:pass@broker.example.test")]
    [InlineData("https://broker.example.test/#fragment")]
    [InlineData("https://broker.example.test/?a=b")]
    [InlineData("broker.example.test")]
    [InlineData("/v2")]
    public async Task Endpoints_must_be_absolute_http_urls_without_credentials_query_or_fragment(string endpoint)
    {
        var tenant = await CreateTenantAsync();
        var problem = await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "B", identifier = Unique("broker"), endpoint, username = "u", password = "p",
        }), HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"]!["endpoint"].ShouldNotBeNull();
    }

    [Fact]
    public async Task An_endpoint_longer_than_2048_characters_is_refused()
    {
        var tenant = await CreateTenantAsync();
        var problem = await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "B", identifier = Unique("broker"), endpoint = "https://b.example.test/" + new string('a', 2100),
            username = "u", password = "p",
        }), HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"]!["endpoint"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_password_may_be_any_characters_even_only_spaces()
    {
        var tenant = await CreateTenantAsync();
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "   " });
        await Expect(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "B", identifier = Unique("broker"), endpoint = fake.BaseAddress.ToString(), username = "u", password = "   ",
        }), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("ab")]
    [InlineData("9lives")]
    [InlineData("has space")]
    public async Task Identifiers_must_be_lowercase_slugs(string identifier)
    {
        var tenant = await CreateTenantAsync();
        var problem = await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "B", identifier, endpoint = "https://b.example.test", username = "u", password = "p",
        }), HttpStatusCode.BadRequest, "validation.failed");
        problem["errors"]!["identifier"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Every_missing_field_is_reported()
    {
        var tenant = await CreateTenantAsync();
        var problem = await ExpectProblem(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new { customerId = tenant.CustomerId }),
            HttpStatusCode.BadRequest, "validation.failed");
        foreach (var field in new[] { "name", "identifier", "endpoint", "username", "password" })
        {
            problem["errors"]![field].ShouldNotBeNull(field);
        }
    }

    [Fact]
    public async Task Registering_for_another_customer_is_a_404_and_for_a_member_a_403()
    {
        var tenant = await CreateTenantAsync();
        var stranger = await CreateTenantAsync();
        var body = new { customerId = tenant.CustomerId, name = "B", identifier = Unique("b"), endpoint = "https://b.example.test", username = "u", password = "p" };
        await ExpectProblem(await stranger.CustomerAdmin.PostAsJsonAsync("/api/brokers", body), HttpStatusCode.NotFound, "customer.not_found");
        await ExpectProblem(await tenant.Member.PostAsJsonAsync("/api/brokers", body), HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task The_first_broker_creates_the_customers_private_location()
    {
        var tenant = await CreateTenantAsync();
        var privateLocation = $"private-{tenant.CustomerIdentifier}";
        await ExpectProblem(await tenant.CustomerAdmin.GetAsync($"/api/locations/{privateLocation}"), HttpStatusCode.NotFound, "location.not_found");
        await RegisterBrokerAsync(tenant);
        await RegisterBrokerAsync(tenant);
        var location = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/locations/{privateLocation}"), HttpStatusCode.OK);
        location["type"]!.GetValue<string>().ShouldBe("private");
        location["customerId"]!.GetValue<Guid>().ShouldBe(tenant.CustomerId);
    }

    [Fact]
    public async Task Customer_admins_list_their_brokers_sorted_by_name_and_others_see_none()
    {
        var tenant = await CreateTenantAsync();
        var stranger = await CreateTenantAsync();
        await RegisterBrokerAsync(tenant, "zeta-" + Unique("b"));
        await RegisterBrokerAsync(tenant, "alpha-" + Unique("b"));
        var list = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers?customerId={tenant.CustomerId}"), HttpStatusCode.OK);
        var names = list["items"]!.AsArray().Select(b => b!["name"]!.GetValue<string>()).ToList();
        names.Count.ShouldBe(2);
        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
        var mine = await Expect(await tenant.CustomerAdmin.GetAsync("/api/brokers"), HttpStatusCode.OK);
        mine["total"]!.GetValue<int>().ShouldBe(2);
        var none = await Expect(await stranger.CustomerAdmin.GetAsync("/api/brokers"), HttpStatusCode.OK);
        none["total"]!.GetValue<int>().ShouldBe(0);
        await ExpectProblem(await stranger.CustomerAdmin.GetAsync($"/api/brokers?customerId={tenant.CustomerId}"), HttpStatusCode.NotFound, "customer.not_found");
    }
}

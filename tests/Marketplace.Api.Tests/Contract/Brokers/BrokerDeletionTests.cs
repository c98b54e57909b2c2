using System.Net;
using System.Net.Http.Json;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Brokers;

public sealed class BrokerDeletionTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Deletion_needs_the_brokers_current_name()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var url = $"/api/brokers/{broker["id"]}";
        await ExpectProblem(await tenant.CustomerAdmin.DeleteAsync(url), HttpStatusCode.UnprocessableEntity, "broker.confirmation_mismatch");
        await ExpectProblem(await tenant.CustomerAdmin.DeleteAsync($"{url}?confirmName=wrong"), HttpStatusCode.UnprocessableEntity, "broker.confirmation_mismatch");
        await Expect(await tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.OK);

        await Expect(await tenant.CustomerAdmin.DeleteAsync($"{url}?confirmName={Uri.EscapeDataString(broker["name"]!.GetValue<string>())}"), HttpStatusCode.NoContent);
        await ExpectProblem(await tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.NotFound, "broker.not_found");
    }

    [Fact]
    public async Task A_broker_with_an_approved_publication_cannot_be_deleted()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var publication = await PublishAsync(tenant, broker["id"]!.GetValue<Guid>(), await CreatePublicLocationAsync());
        await Expect(await Admin.PostAsync($"/api/publications/{publication["id"]}/approve", null), HttpStatusCode.OK);

        await ExpectProblem(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{broker["id"]}?confirmName={Uri.EscapeDataString(broker["name"]!.GetValue<string>())}"),
            HttpStatusCode.Conflict, "broker.has_approved_publications");
    }

    [Fact]
    public async Task A_broker_with_pending_or_rejected_publications_can_be_deleted()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var brokerId = broker["id"]!.GetValue<Guid>();
        await PublishAsync(tenant, brokerId, await CreatePublicLocationAsync());
        var rejected = await PublishAsync(tenant, brokerId, "global");
        await Expect(await Admin.PostAsync($"/api/publications/{rejected["id"]}/reject", null), HttpStatusCode.OK);

        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{brokerId}?confirmName={Uri.EscapeDataString(broker["name"]!.GetValue<string>())}"),
            HttpStatusCode.NoContent);
        await ExpectProblem(await Admin.PostAsync($"/api/publications/{rejected["id"]}/approve", null), HttpStatusCode.NotFound, "publication.not_found");
    }

    [Fact]
    public async Task Deleting_a_broker_sends_nothing_to_it()
    {
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var tenant = await CreateTenantAsync();
        var broker = await Expect(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "Listened", identifier = Unique("listened"), endpoint = fake.BaseAddress.ToString(),
            username = "u", password = "p",
        }), HttpStatusCode.Created);
        var before = fake.Requests.Count;
        before.ShouldBeGreaterThan(0, "registration checks the catalog");

        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{broker["id"]}?confirmName=Listened"), HttpStatusCode.NoContent);
        await Task.Delay(300);

        fake.Requests.Count.ShouldBe(before, "deleting a broker must not call it (no deprovisioning)");
    }

    [Fact]
    public async Task The_identifier_of_a_deleted_broker_stays_taken_only_while_it_exists()
    {
        var tenant = await CreateTenantAsync();
        var broker = await RegisterBrokerAsync(tenant);
        var identifier = broker["identifier"]!.GetValue<string>();
        await Expect(await tenant.CustomerAdmin.DeleteAsync($"/api/brokers/{broker["id"]}?confirmName={Uri.EscapeDataString(broker["name"]!.GetValue<string>())}"),
            HttpStatusCode.NoContent);
        (await RegisterBrokerAsync(tenant, identifier))["identifier"]!.GetValue<string>().ShouldBe(identifier);
    }
}

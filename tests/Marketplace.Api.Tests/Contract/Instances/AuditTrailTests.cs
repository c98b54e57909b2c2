using System.Net;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>X4's operator actions land in the audit trail (GET /api/audit), readable by the customer's admins and platform admins.</summary>
public sealed class AuditTrailTests(AppFixture app) : InstanceTest(app)
{
    [Fact]
    public async Task A_repoll_is_audited_for_the_customers_admins_and_platform_admins_only()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = 1000, RetryAfter = "30" });
        var instance = await ProvisionAsync(marketplace);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation);
        var admin = marketplace.Tenant.CustomerAdmin;
        var operations = await Expect(await admin.GetAsync($"/api/brokers/{marketplace.BrokerId}/operations"), HttpStatusCode.OK);
        var operationId = operations["items"]!.AsArray().Single(o => o!["instanceId"]!.ToString() == instance["id"]!.ToString())!["id"]!.ToString();

        await Expect(await admin.PostAsync($"/api/brokers/{marketplace.BrokerId}/operations/{operationId}/repoll", null), HttpStatusCode.OK);

        var mine = await Expect(await admin.GetAsync($"/api/audit?customerId={marketplace.Tenant.CustomerId}"), HttpStatusCode.OK);
        var entry = mine["items"]!.AsArray().Single()!;
        entry["action"]!.GetValue<string>().ShouldBe("operation.repolled");
        entry["target"]!.GetValue<string>().ShouldBe($"instance/{instance["id"]}");
        entry["userId"]!.GetValue<string>().ShouldBe(marketplace.Tenant.AdminUser);
        (await Expect(await admin.GetAsync("/api/audit"), HttpStatusCode.OK))["items"]!.AsArray()
            .ShouldContain(e => e!["id"]!.ToString() == entry["id"]!.ToString(), "a customer admin's own customers without a filter");
        (await Expect(await Admin.GetAsync($"/api/audit?customerId={marketplace.Tenant.CustomerId}"), HttpStatusCode.OK))["total"]!.GetValue<int>().ShouldBe(1);

        await ExpectProblem(await marketplace.Tenant.Member.GetAsync($"/api/audit?customerId={marketplace.Tenant.CustomerId}"), HttpStatusCode.Forbidden, "auth.forbidden");
        var stranger = await CreateTenantAsync();
        await ExpectProblem(await stranger.CustomerAdmin.GetAsync($"/api/audit?customerId={marketplace.Tenant.CustomerId}"), HttpStatusCode.NotFound, "customer.not_found");
        (await Expect(await stranger.CustomerAdmin.GetAsync("/api/audit"), HttpStatusCode.OK))["items"]!.AsArray()
            .ShouldNotContain(e => e!["id"]!.ToString() == entry["id"]!.ToString());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Domain.Auditing;
using Marketplace.FakeBroker;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// X4, the operators' workbench for a broker's operations: the list (and <c>?state=stuck</c>, past the deadline) for the
/// broker's owners and platform admins; repoll (the next poll now), fail (end it failed, no broker call) and purge
/// (forget the record, no broker call), each audited; other customers get 404 and project members 403.
/// </summary>
public sealed class StuckOperationTests(AppFixture app) : InstanceTest(app)
{
    /// <summary>An asynchronous provision that never ends and asks for its next poll only in 30 s.</summary>
    private static readonly AsyncBehaviour SlowPolls = new() { InProgressPolls = int.MaxValue, RetryAfter = "30" };

    [Fact]
    public async Task An_operation_past_its_deadline_is_listed_as_stuck_to_the_owners_and_platform_admins()
    {
        var catalog = SampleCatalog.Create();
        SmallPlan(catalog)["maximum_polling_duration"] = 1;
        await using var marketplace = await SetUpAsync(catalog);
        var broker = marketplace.Broker;
        // Stuck: the provision of the small plan failed with a 500, and its orphan mitigation's deletes keep failing for
        // longer than the plan's 1 s deadline. (An operation itself always ends by its deadline.)
        broker.Script(OsbOperation.Provision, new ScriptedResponse(500, "{}"));
        broker.Script(OsbOperation.Deprovision, Enumerable.Repeat(new ScriptedResponse(500, "{}"), 100).ToArray());
        var stuck = await ProvisionAsync(marketplace);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Deprovision);
        // Not stuck: a provision of the large plan (the platform's 60 s deadline) waiting 30 s for its next poll.
        broker.RespondAsynchronously(OsbOperation.Provision, SlowPolls);
        var waiting = await ProvisionAsync(marketplace, SampleCatalog.DatabaseLargePlanId);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation && r.InstanceId == waiting["id"]!.ToString());

        var stuckUrl = $"{OperationsUrl(marketplace)}?state=stuck";
        var listed = await WaitForAsync(marketplace.Tenant.CustomerAdmin, stuckUrl, l => l["total"]!.GetValue<int>() > 0, TimeSpan.FromSeconds(5));
        var item = listed["items"]!.AsArray().ShouldHaveSingleItem()!;
        item["instanceId"]!.ToString().ShouldBe(stuck["id"]!.ToString());
        item["stuck"]!.GetValue<bool>().ShouldBeTrue();
        item["type"]!.GetValue<string>().ShouldBe("create");
        item["step"]!.GetValue<string>().ShouldBe("orphanMitigation");
        item["deadline"]!.GetValue<DateTimeOffset>().ShouldBeLessThan(DateTimeOffset.UtcNow);

        var asPlatformAdmin = await Expect(await Admin.GetAsync(stuckUrl), HttpStatusCode.OK);
        asPlatformAdmin["items"]!.AsArray().ShouldHaveSingleItem()!["id"]!.ToString().ShouldBe(item["id"]!.ToString());

        var all = await Expect(await marketplace.Tenant.CustomerAdmin.GetAsync(OperationsUrl(marketplace)), HttpStatusCode.OK);
        all["total"]!.GetValue<int>().ShouldBe(2);
        var notStuck = all["items"]!.AsArray().Single(o => o!["instanceId"]!.ToString() == waiting["id"]!.ToString())!;
        notStuck["stuck"]!.GetValue<bool>().ShouldBeFalse();
        notStuck["step"]!.GetValue<string>().ShouldBe("polling");
    }

    [Fact]
    [Trait("Checklist", "D34")]
    public async Task Repoll_makes_the_next_poll_happen_now_and_is_audited()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, SlowPolls);
        var instance = await ProvisionAsync(marketplace);
        var operation = await WaitForSlowPollAsync(marketplace);
        marketplace.Broker.Reset();

        var repolled = await Expect(
            await marketplace.Tenant.CustomerAdmin.PostAsync($"{OperationsUrl(marketplace)}/{operation["id"]}/repoll", null), HttpStatusCode.OK);
        repolled["id"]!.ToString().ShouldBe(operation["id"]!.ToString());

        var poll = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation, TimeSpan.FromSeconds(5));
        poll.InstanceId.ShouldBe(instance["id"]!.ToString());
        var audit = (await AuditOfAsync($"instance/{instance["id"]}")).ShouldHaveSingleItem();
        audit.Action.ShouldBe("operation.repolled");
        audit.UserId.ShouldBe(marketplace.Tenant.AdminUser);
        audit.CustomerId.ShouldBe(marketplace.Tenant.CustomerId);
    }

    [Fact]
    public async Task Fail_ends_a_creating_instance_as_failed_without_calling_the_broker_and_is_audited()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, SlowPolls);
        var instance = await ProvisionAsync(marketplace);
        var operation = await WaitForSlowPollAsync(marketplace);
        marketplace.Broker.Reset();

        await Expect(
            await marketplace.Tenant.CustomerAdmin.PostAsync($"{OperationsUrl(marketplace)}/{operation["id"]}/fail", null), HttpStatusCode.NoContent);

        var failed = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        failed["state"]!.GetValue<string>().ShouldBe("failed");
        failed["usable"]!.GetValue<bool>().ShouldBeFalse();
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        (await Expect(await marketplace.Tenant.CustomerAdmin.GetAsync(OperationsUrl(marketplace)), HttpStatusCode.OK))["total"]!.GetValue<int>().ShouldBe(0);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        marketplace.Broker.Requests.ShouldBeEmpty("the operator decided; nothing is sent to the broker");

        var audit = (await AuditOfAsync($"instance/{instance["id"]}")).ShouldHaveSingleItem();
        audit.Action.ShouldBe("operation.failed");
        audit.UserId.ShouldBe(marketplace.Tenant.AdminUser);
    }

    [Fact]
    public async Task Purge_removes_the_instance_record_without_calling_the_broker_and_is_audited()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, SlowPolls);
        var instance = await ProvisionAsync(marketplace);
        var operation = await WaitForSlowPollAsync(marketplace);
        marketplace.Broker.Reset();

        await Expect(await Admin.PostAsync($"{OperationsUrl(marketplace)}/{operation["id"]}/purge", null), HttpStatusCode.NoContent);

        await ExpectProblem(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.NotFound, "instance.not_found");
        (await Expect(await marketplace.Tenant.CustomerAdmin.GetAsync(OperationsUrl(marketplace)), HttpStatusCode.OK))["total"]!.GetValue<int>().ShouldBe(0);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        marketplace.Broker.Requests.ShouldBeEmpty("a purge only forgets the record");
        marketplace.Broker.Instances.ShouldContain(i => i.Id == instance["id"]!.ToString(), "the broker was not told");

        var audit = (await AuditOfAsync($"instance/{instance["id"]}")).ShouldHaveSingleItem();
        audit.Action.ShouldBe("operation.purged");
        audit.UserId.ShouldBe("platform-admin-user");
        audit.CustomerId.ShouldBe(marketplace.Tenant.CustomerId, "the owners can read what the platform admin did");
    }

    [Fact]
    public async Task Other_customers_get_404_and_project_members_403_for_the_list_and_every_action()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, SlowPolls);
        var instance = await ProvisionAsync(marketplace);
        var operation = await WaitForSlowPollAsync(marketplace);
        var other = await CreateTenantAsync();
        var url = OperationsUrl(marketplace);

        foreach (var (client, status, code) in new[]
                 {
                     (other.CustomerAdmin, HttpStatusCode.NotFound, "broker.not_found"),
                     (other.Member, HttpStatusCode.NotFound, "broker.not_found"),
                     (marketplace.Tenant.Member, HttpStatusCode.Forbidden, "auth.forbidden"),
                 })
        {
            await ExpectProblem(await client.GetAsync(url), status, code);
            await ExpectProblem(await client.GetAsync($"{url}?state=stuck"), status, code);
            foreach (var action in new[] { "repoll", "fail", "purge" })
            {
                await ExpectProblem(await client.PostAsync($"{url}/{operation["id"]}/{action}", null), status, code);
            }
        }

        await ExpectProblem(
            await marketplace.Tenant.CustomerAdmin.PostAsync($"{url}/{Guid.NewGuid()}/fail", null), HttpStatusCode.NotFound, "operation.not_found");
        var still = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        still["state"]!.GetValue<string>().ShouldBe("creating", "no refused action changed anything");
        (await Expect(await marketplace.Tenant.CustomerAdmin.GetAsync(url), HttpStatusCode.OK))["total"]!.GetValue<int>().ShouldBe(1);
        (await AuditOfAsync($"instance/{instance["id"]}")).ShouldBeEmpty();
    }

    private static string OperationsUrl(BrokerSetup marketplace) => $"/api/brokers/{marketplace.BrokerId}/operations";

    /// <summary>The provision's operation once a poll answered "in progress" with Retry-After 30 (its next poll is far off).</summary>
    private static async Task<JsonObject> WaitForSlowPollAsync(BrokerSetup marketplace)
    {
        var list = await WaitForAsync(
            marketplace.Tenant.CustomerAdmin, OperationsUrl(marketplace),
            l => l["items"]!.AsArray() is [{ } only] && only["nextAttemptAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddSeconds(20));
        var operation = list["items"]!.AsArray()[0]!.AsObject();
        operation["step"]!.GetValue<string>().ShouldBe("polling");
        operation["stuck"]!.GetValue<bool>().ShouldBeFalse();
        return operation;
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(string target)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Target == target).ToListAsync();
    }

    private static JsonObject SmallPlan(JsonNode catalog) =>
        catalog["services"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!["plans"]!.AsArray()
            .Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId)!.AsObject();
}

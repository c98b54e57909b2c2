using System.Net;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Brokers are tenant code: one broker never slows down another broker's users. Each connection gets its own budget of
/// calls in flight (work beyond it waits in the database); a broker whose connection keeps failing is degraded — its new
/// operations answer 503 <c>broker.unavailable</c> at once, reads go on, accepted operations wait — and recovers by
/// itself when a probe finds it answering again.
/// </summary>
public sealed class BrokerIsolationTests(AppFixture app) : InstanceTest(app)
{
    /// <summary>The platform's default ceiling, which the test app keeps.</summary>
    private const int Budget = 4;

    [Fact]
    public async Task A_slow_brokers_queue_never_delays_another_brokers_provision()
    {
        await using var slow = await SetUpAsync();
        await using var healthy = await SetUpAsync();
        slow.Broker.SetDelay(OsbOperation.Provision, TimeSpan.FromSeconds(20));
        for (var i = 0; i < 40; i++)
        {
            await Expect(await SendProvisionAsync(slow), HttpStatusCode.Accepted);
        }

        await WaitUntilAsync(() => slow.Broker.RequestsFor(OsbOperation.Provision).Count == Budget, "the slow broker's first calls");

        var instance = await ProvisionAsync(healthy);
        await WaitForBrokerRequestAsync(healthy, r => r.Operation == OsbOperation.Provision);
        await WaitForStateAsync(healthy, instance, "ready");

        var slowCalls = slow.Broker.RequestsFor(OsbOperation.Provision);
        slowCalls.Count.ShouldBe(Budget, "the slow broker's other 36 provisions still wait in the database");
        slowCalls.ShouldAllBe(r => r.CompletedAt == null, "and its calls are all still in flight");
    }

    [Fact]
    public async Task An_owner_lowers_the_budget_of_the_brokers_connections_within_the_platforms_ceiling()
    {
        await using var marketplace = await SetUpAsync();
        var brokerUrl = $"/api/brokers/{marketplace.BrokerId}";
        var owner = marketplace.Tenant.CustomerAdmin;
        (await Expect(await owner.GetAsync(brokerUrl), HttpStatusCode.OK))["maxConcurrentCalls"]!.GetValue<int>().ShouldBe(Budget);

        var tooMany = await ExpectProblem(await PatchAsync(owner, brokerUrl, new { maxConcurrentCalls = Budget + 1 }), HttpStatusCode.BadRequest, "validation.failed");
        tooMany["errors"]!["maxConcurrentCalls"].ShouldNotBeNull();
        await ExpectProblem(await PatchAsync(owner, brokerUrl, new { maxConcurrentCalls = 0 }), HttpStatusCode.BadRequest, "validation.failed");
        var edited = await Expect(await PatchAsync(owner, brokerUrl, new { maxConcurrentCalls = 2 }), HttpStatusCode.OK);
        edited["maxConcurrentCalls"]!.GetValue<int>().ShouldBe(2);

        marketplace.Broker.SetDelay(OsbOperation.Provision, TimeSpan.FromSeconds(2));
        for (var i = 0; i < 6; i++)
        {
            await Expect(await SendProvisionAsync(marketplace), HttpStatusCode.Accepted);
        }

        await WaitUntilAsync(() => marketplace.Broker.RequestsFor(OsbOperation.Provision).Count == 6, "all six provisions", TimeSpan.FromSeconds(30));
        MostInFlightAtOnce(marketplace.Broker.RequestsFor(OsbOperation.Provision)).ShouldBe(2);
    }

    [Fact]
    public async Task A_broker_that_refuses_connections_is_degraded_refuses_new_operations_and_recovers_by_itself()
    {
        await using var marketplace = await SetUpAsync();
        var member = marketplace.Tenant.Member;
        var brokerUrl = $"/api/brokers/{marketplace.BrokerId}";
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = int.MaxValue });
        var waiting = await ProvisionAsync(marketplace);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation);
        var port = marketplace.Broker.BaseAddress.Port;
        await marketplace.Broker.DisposeAsync(); // from now on every connection is refused

        var degraded = await WaitForAsync(
            marketplace.Tenant.CustomerAdmin, brokerUrl, b => b["health"]?["state"]?.GetValue<string>() == "degraded", TimeSpan.FromSeconds(30));
        degraded["health"]!["lastError"]!.GetValue<string>().ShouldContain("could not be reached");
        var dashboard = await (await Admin.GetAsync("/hangfire/broker-connections")).Content.ReadAsStringAsync();
        dashboard.ShouldContain($"<td>{degraded["identifier"]}</td><td>degraded</td>", customMessage: "the ops dashboard shows the degraded connection");

        var refused = await SendProvisionAsync(marketplace);
        var problem = await ExpectProblem(refused, HttpStatusCode.ServiceUnavailable, "broker.unavailable");
        refused.Headers.RetryAfter?.Delta.ShouldNotBeNull();
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        problem["detail"]!.GetValue<string>().ShouldContain("Retry after");
        var stillWaiting = await Expect(await member.GetAsync(marketplace.InstanceUrl(waiting)), HttpStatusCode.OK);
        stillWaiting["state"]!.GetValue<string>().ShouldBe("creating", "an accepted operation waits for its broker; reads are never refused");

        // The broker comes back on the same address and reports the provision done.
        await using var revived = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb-user", Password = "osb-secret", Port = port });
        revived.Script(OsbOperation.InstanceLastOperation, new ScriptedResponse(200, """{"state":"succeeded"}"""));
        await WaitForAsync(
            marketplace.Tenant.CustomerAdmin, brokerUrl, b => b["health"]?["state"]?.GetValue<string>() == "healthy", TimeSpan.FromSeconds(30));
        await WaitForStateAsync(marketplace, waiting, "ready");
        await Expect(await SendProvisionAsync(marketplace), HttpStatusCode.Accepted);
    }

    /// <summary>The highest number of the requests that were in flight at the same moment.</summary>
    private static int MostInFlightAtOnce(IReadOnlyList<RecordedRequest> requests) =>
        requests.Select(r => requests.Count(o => o.ReceivedAt <= r.ReceivedAt && (o.CompletedAt is null || o.CompletedAt > r.ReceivedAt))).Max();

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for {what}.");
            }

            await Task.Delay(50);
        }
    }
}

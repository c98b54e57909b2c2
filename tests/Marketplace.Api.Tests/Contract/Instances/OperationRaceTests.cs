using System.Net;
using Marketplace.FakeBroker;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Races between a user and a call still in flight at the broker: a deprovision during a create whose PUT has not been
/// answered (H65), an unbind during a bind (K81), a recursive delete's unbinds and deprovision (N95) — the replacing call
/// never overlaps the one in flight, nothing is left behind at the broker, and no two mutating calls on one instance
/// ever run at once. And a catalog refresh that removed a plan while a provision of it was being saved never leaves an
/// instance that cannot be deleted.
/// </summary>
public sealed class OperationRaceTests(AppFixture app) : InstanceTest(app)
{
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromMilliseconds(1500);

    [Fact]
    [Trait("Checklist", "H65")]
    [Trait("Checklist", "N95")]
    public async Task A_deprovision_during_an_unanswered_provision_waits_for_its_answer_and_leaves_nothing_at_the_broker()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, new ScriptedResponse(201, "{}", SlowAnswer));
        var instance = await ProvisionAsync(marketplace);
        var put = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Provision);
        put.CompletedAt.ShouldBeNull("the PUT is still in flight when the user deletes");

        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var delete = marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldHaveSingleItem();
        delete.ReceivedAt.ShouldBeGreaterThanOrEqualTo(put.CompletedAt!.Value, "the DELETE was sent only after the PUT was answered");
        marketplace.Broker.Instances.ShouldBeEmpty("no orphan is left at the broker");
        marketplace.Broker.RequestsFor(OsbOperation.Provision).Count.ShouldBe(1, "the superseded create is never sent again");
    }

    [Fact]
    [Trait("Checklist", "K81")]
    [Trait("Checklist", "N95")]
    public async Task An_unbind_during_an_unanswered_bind_waits_for_its_answer_and_leaves_nothing_at_the_broker()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.Script(OsbOperation.Bind, new ScriptedResponse(201, """{"credentials":{"user":"u"}}""", SlowAnswer));
        var binding = await BindAsync(marketplace, instance);
        var put = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Bind);
        put.CompletedAt.ShouldBeNull();

        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding));

        var unbind = marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldHaveSingleItem();
        unbind.ReceivedAt.ShouldBeGreaterThanOrEqualTo(put.CompletedAt!.Value);
        marketplace.Broker.Bindings.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "N95")]
    public async Task A_recursive_delete_never_runs_two_mutating_calls_on_one_instance_at_once()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        for (var i = 0; i < 3; i++)
        {
            await WaitForBindingAsync(marketplace, instance, await BindAsync(marketplace, instance), "ready");
        }

        marketplace.Broker.SetDelay(OsbOperation.Unbind, TimeSpan.FromMilliseconds(300));
        marketplace.Broker.SetDelay(OsbOperation.Deprovision, TimeSpan.FromMilliseconds(300));
        await Expect(await marketplace.Tenant.Member.DeleteAsync($"{marketplace.InstanceUrl(instance)}?recursive=true"), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var mutating = marketplace.Broker.Requests
            .Where(r => r.InstanceId == instance["id"]!.ToString() && r.Operation is OsbOperation.Provision or OsbOperation.Update
                or OsbOperation.Deprovision or OsbOperation.Bind or OsbOperation.Unbind)
            .OrderBy(r => r.ReceivedAt)
            .ToList();
        mutating.Count(r => r.Operation == OsbOperation.Unbind).ShouldBe(3);
        for (var i = 1; i < mutating.Count; i++)
        {
            mutating[i].ReceivedAt.ShouldBeGreaterThanOrEqualTo(
                mutating[i - 1].CompletedAt!.Value, $"{mutating[i].Operation} started while {mutating[i - 1].Operation} was in flight");
        }

        marketplace.Broker.Instances.ShouldBeEmpty();
        marketplace.Broker.Bindings.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_instance_whose_plan_a_racing_refresh_removed_can_still_be_deleted()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");

        // What a refresh that dropped the plan leaves when it raced the provision's save: the plan row is gone.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            var planId = instance["planId"]!.GetValue<Guid>();
            (await db.ServicePlans.Where(p => p.Id == planId).ExecuteDeleteAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        }

        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldHaveSingleItem();
    }
}

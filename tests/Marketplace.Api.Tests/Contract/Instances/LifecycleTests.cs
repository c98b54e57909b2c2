using System.Net;
using System.Net.Http.Json;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Done-when 2: a new user drives the whole lifecycle through the API — provision, bind, read credentials, change
/// the plan, unbind, deprovision — against a broker answering synchronously and one answering asynchronously.
/// </summary>
public sealed class LifecycleTests(AppFixture app) : InstanceTest(app)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Checklist", "D30")]
    [Trait("Checklist", "E43")]
    [Trait("Checklist", "E44")]
    [Trait("Checklist", "I69")]
    [Trait("Checklist", "I71")]
    public async Task The_full_lifecycle_works(bool asynchronous)
    {
        await using var marketplace = await SetUpAsync();
        if (asynchronous)
        {
            foreach (var operation in new[] { OsbOperation.Provision, OsbOperation.Update, OsbOperation.Deprovision, OsbOperation.Bind, OsbOperation.Unbind })
            {
                marketplace.Broker.RespondAsynchronously(operation, AsyncBehaviour.AfterPolls(1));
            }
        }

        var member = marketplace.Tenant.Member;
        var instance = await ProvisionAsync(marketplace, parameters: new { storage_gb = 5 });
        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["usable"]!.GetValue<bool>().ShouldBeTrue();
        ready["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("create");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        ready["parameters"]!["storage_gb"]!.GetValue<int>().ShouldBe(5, ready.ToJsonString());

        var binding = await BindAsync(marketplace, instance);
        var bound = await WaitForBindingAsync(marketplace, instance, binding, "ready");
        bound["credentials"].ShouldNotBeNull();
        var brokerBinding = marketplace.Broker.Bindings.Single(b => b.Id == binding["id"]!.ToString());
        System.Text.Json.Nodes.JsonNode.Parse(brokerBinding.CredentialsJson)!.ToJsonString().ShouldBe(bound["credentials"]!.ToJsonString());

        var update = await PatchAsync(member, marketplace.InstanceUrl(instance), new { planId = marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseLargePlanId) });
        await Expect(update, HttpStatusCode.Accepted);
        var updated = await WaitForStateAsync(marketplace, instance, "ready");
        updated["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("update");
        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        updated["planId"]!.GetValue<Guid>().ShouldBe(marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseLargePlanId));

        await Expect(await member.DeleteAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(member, marketplace.BindingUrl(instance, binding));

        var deleting = await Expect(await member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        deleting["state"]!.GetValue<string>().ShouldBe("deleting");
        await WaitUntilGoneAsync(member, marketplace.InstanceUrl(instance));
        marketplace.Broker.Instances.ShouldNotContain(i => i.Id == instance["id"]!.ToString());
        var list = await Expect(await member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(0);

        // The asynchronous run really polled every operation; the synchronous one never polled.
        var instancePolls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Count;
        var bindingPolls = marketplace.Broker.RequestsFor(OsbOperation.BindingLastOperation).Count;
        if (asynchronous)
        {
            instancePolls.ShouldBeGreaterThanOrEqualTo(3 * 2, "provision, update and deprovision each polled until done");
            bindingPolls.ShouldBeGreaterThanOrEqualTo(2 * 2, "bind and unbind each polled until done");
            marketplace.Broker.RequestsFor(OsbOperation.FetchBinding).ShouldNotBeEmpty("an asynchronous bind fetches its credentials");
        }
        else
        {
            (instancePolls + bindingPolls).ShouldBe(0);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// B9: deleting a broker sends it nothing and leaves its instances and bindings as <c>orphaned</c>, read-only records:
/// they can still be read, every change is refused with 422 <c>instance.orphaned</c>, and operations in flight stop.
/// </summary>
public sealed class OrphanedInstanceTests(AppFixture app) : InstanceTest(app)
{
    [Fact]
    public async Task Deleting_the_broker_leaves_its_instances_and_bindings_as_read_only_orphans_and_sends_it_nothing()
    {
        await using var marketplace = await SetUpAsync();
        var member = marketplace.Tenant.Member;
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
        marketplace.Broker.Reset();

        await DeleteBrokerAsync(marketplace);

        var orphan = await Expect(await member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        orphan["state"]!.GetValue<string>().ShouldBe("orphaned");
        orphan["usable"]!.GetValue<bool>().ShouldBeFalse();
        orphan["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded", "the last operation ended before the broker went");
        var orphanBinding = await Expect(await member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK);
        orphanBinding["state"]!.GetValue<string>().ShouldBe("orphaned");
        var instances = await Expect(await member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK);
        instances["items"]!.AsArray().ShouldHaveSingleItem()!["state"]!.GetValue<string>().ShouldBe("orphaned");
        var bindings = await Expect(await member.GetAsync($"{marketplace.InstanceUrl(instance)}/bindings"), HttpStatusCode.OK);
        bindings["items"]!.AsArray().ShouldHaveSingleItem()!["state"]!.GetValue<string>().ShouldBe("orphaned");

        await ExpectProblem(
            await PatchAsync(member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 7 } }),
            HttpStatusCode.UnprocessableEntity, "instance.orphaned");
        await ExpectProblem(await member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.UnprocessableEntity, "instance.orphaned");
        await ExpectProblem(
            await member.DeleteAsync($"{marketplace.InstanceUrl(instance)}?recursive=true"), HttpStatusCode.UnprocessableEntity, "instance.orphaned");
        await ExpectProblem(
            await member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance)}/bindings", new { name = Unique("app") }),
            HttpStatusCode.UnprocessableEntity, "instance.orphaned");
        await ExpectProblem(await member.DeleteAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.UnprocessableEntity, "instance.orphaned");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        marketplace.Broker.Requests.ShouldBeEmpty("nothing is sent to a deleted broker");
        (await Expect(await member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK))["state"]!.GetValue<string>().ShouldBe("orphaned");
        (await Expect(await member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK))["state"]!.GetValue<string>().ShouldBe("orphaned");
    }

    [Fact]
    public async Task An_operation_in_flight_when_the_broker_is_deleted_stops_polling()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = int.MaxValue });
        var instance = await ProvisionAsync(marketplace);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation);

        await DeleteBrokerAsync(marketplace);

        var orphan = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        orphan["state"]!.GetValue<string>().ShouldBe("orphaned");
        orphan["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("create");
        orphan["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed", "the provision can no longer end");
        // A poll already on its way when the broker was deleted may still land; after that, nothing.
        await Task.Delay(TimeSpan.FromSeconds(1));
        marketplace.Broker.Reset();
        await Task.Delay(TimeSpan.FromSeconds(2));
        marketplace.Broker.Requests.ShouldBeEmpty("polling stopped with the broker");
        (await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK))["state"]!
            .GetValue<string>().ShouldBe("orphaned");
    }

    /// <summary>
    /// B9 as the owner. An operation step saving at the same moment makes the delete answer 409 concurrency.conflict,
    /// which the API contract says to read again and retry; so does this.
    /// </summary>
    private static async Task DeleteBrokerAsync(BrokerSetup marketplace)
    {
        var url = $"/api/brokers/{marketplace.BrokerId}?confirmName={Uri.EscapeDataString(BrokerSetup.BrokerName)}";
        for (var attempt = 1; ; attempt++)
        {
            var response = await marketplace.Tenant.CustomerAdmin.DeleteAsync(url);
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 5)
            {
                await Expect(response, HttpStatusCode.NoContent);
                return;
            }

            (await ExpectProblem(response, HttpStatusCode.Conflict, "concurrency.conflict")).ShouldNotBeNull();
            await Task.Delay(100);
        }
    }
}

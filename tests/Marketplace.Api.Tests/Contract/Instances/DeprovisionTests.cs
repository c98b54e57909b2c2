using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Deprovisioning an instance (checklist section H): bindings go first or the delete is refused (H60), what the
/// DELETE to the broker carries (H61), which answers remove the instance (H62), which keep it as failed and which are
/// retried (H63), <c>instance_usable</c> after a failed delete (H64), a delete during an asynchronous provision (H65),
/// and deleting an instance whose create failed.
/// </summary>
public sealed class DeprovisionTests(AppFixture app) : InstanceTest(app)
{
    /// <summary>Long enough for the dispatcher (0.1 s) and a retry or two to have acted, short enough to keep tests quick.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    [Fact]
    [Trait("Checklist", "H60")]
    public async Task An_instance_with_bindings_is_not_deleted_without_recursive()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        var binding = await ReadyBindingAsync(marketplace, instance);
        marketplace.Broker.Reset();

        await ExpectProblem(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Conflict, "instance.has_bindings");

        await Task.Delay(QuietPeriod);
        marketplace.Broker.Requests.Where(r => r.Operation != OsbOperation.Catalog).ShouldBeEmpty("nothing is sent to the broker");
        (await GetInstanceAsync(marketplace, instance))["state"]!.GetValue<string>().ShouldBe("ready");
        (await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK))["state"]!
            .GetValue<string>().ShouldBe("ready");
    }

    [Fact]
    [Trait("Checklist", "H60")]
    public async Task A_recursive_delete_unbinds_every_binding_before_it_deprovisions()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        var bindings = new[] { await ReadyBindingAsync(marketplace, instance), await ReadyBindingAsync(marketplace, instance) };
        marketplace.Broker.Reset();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Unbind, AsyncBehaviour.AfterPolls(2)); // the unbinds take a while

        var deleting = await Expect(await marketplace.Tenant.Member.DeleteAsync($"{marketplace.InstanceUrl(instance)}?recursive=true"), HttpStatusCode.Accepted);
        deleting["state"]!.GetValue<string>().ShouldBe("deleting");
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var requests = marketplace.Broker.Requests;
        var deprovision = requests.Single(r => r.Operation == OsbOperation.Deprovision);
        foreach (var binding in bindings)
        {
            var id = binding["id"]!.ToString();
            requests.ShouldContain(r => r.Operation == OsbOperation.Unbind && r.BindingId == id);
            var unbound = requests.Last(r => r.Operation == OsbOperation.BindingLastOperation && r.BindingId == id);
            unbound.Sequence.ShouldBeLessThan(deprovision.Sequence, "the instance is deprovisioned only after every unbind finished");
        }

        marketplace.Broker.Bindings.ShouldBeEmpty();
        marketplace.Broker.Instances.ShouldBeEmpty();
        foreach (var binding in bindings)
        {
            await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.NotFound);
        }
    }

    [Fact]
    [Trait("Checklist", "H60")]
    public async Task A_recursive_delete_whose_unbind_fails_keeps_the_instance_and_names_the_binding()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        var binding = await ReadyBindingAsync(marketplace, instance);
        marketplace.Broker.Reset();
        marketplace.Broker.Script(OsbOperation.Unbind, ScriptedResponse.Error(400, "BadRequest", "fake broker: this binding stays"));

        await Expect(await marketplace.Tenant.Member.DeleteAsync($"{marketplace.InstanceUrl(instance)}?recursive=true"), HttpStatusCode.Accepted);
        var kept = await WaitForStateAsync(marketplace, instance, "ready");

        kept["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("delete");
        kept["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        kept["lastOperation"]!["description"]!.GetValue<string>().ShouldContain(binding["name"]!.GetValue<string>());
        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
        marketplace.Broker.Instances.ShouldContain(i => i.Id == instance["id"]!.ToString());
        (await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK))["state"]!
            .GetValue<string>().ShouldNotBe("deleting");
    }

    [Fact]
    [Trait("Checklist", "H61")]
    public async Task The_deprovision_request_carries_service_and_plan_ids_and_accepts_incomplete_and_no_body()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);

        await DeleteAsync(marketplace, instance);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var delete = marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldHaveSingleItem();
        delete.Method.ShouldBe("DELETE");
        delete.InstanceId.ShouldBe(instance["id"]!.ToString());
        delete.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
        delete.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        delete.QueryValue("accepts_incomplete").ShouldBe("true");
        delete.Body.ShouldBeEmpty();
    }

    public static TheoryData<string> GoneAnswers => ["200", "410", "202 then succeeded", "202 then 410 on the poll"];

    [Theory]
    [MemberData(nameof(GoneAnswers))]
    [Trait("Checklist", "H62")]
    public async Task A_deprovision_the_broker_confirms_removes_the_instance(string answer)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        switch (answer)
        {
            case "410":
                marketplace.Broker.Script(OsbOperation.Deprovision, new ScriptedResponse(410, "{}"));
                break;
            case "202 then succeeded":
                marketplace.Broker.RespondAsynchronously(OsbOperation.Deprovision, AsyncBehaviour.AfterPolls(1));
                break;
            case "202 then 410 on the poll":
                marketplace.Broker.RespondAsynchronously(OsbOperation.Deprovision, new AsyncBehaviour { InProgressPolls = 1, GoneWhenDone = true });
                break;
        }

        await DeleteAsync(marketplace, instance);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var delete = marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldHaveSingleItem();
        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        if (answer.StartsWith("202", StringComparison.Ordinal))
        {
            delete.ResponseStatus.ShouldBe(202);
            polls.Count.ShouldBeGreaterThanOrEqualTo(2, "one 'in progress', then the end");
            polls[^1].ResponseStatus.ShouldBe(answer.EndsWith("poll", StringComparison.Ordinal) ? 410 : 200);
        }
        else
        {
            delete.ResponseStatus.ShouldBe(int.Parse(answer, System.Globalization.CultureInfo.InvariantCulture));
            polls.ShouldBeEmpty("only a 202 is polled");
        }

        var list = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [InlineData(400, null)]
    [InlineData(422, null)]
    [InlineData(422, "QuotaExceeded")]
    [Trait("Checklist", "H63")]
    public async Task A_4xx_on_deprovision_fails_and_keeps_the_instance(int status, string? error)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.Script(OsbOperation.Deprovision, ScriptedResponse.Error(status, error, "fake broker: not deleting this"));

        await DeleteAsync(marketplace, instance);
        var kept = await WaitForStateAsync(marketplace, instance, "ready");

        kept["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("delete");
        kept["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        kept["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("not deleting this");
        kept["usable"]!.GetValue<bool>().ShouldBeTrue("without instance_usable the instance is assumed usable");
        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).Count.ShouldBe(1, "a 4xx is not retried");
        (await GetInstanceAsync(marketplace, instance))["state"]!.GetValue<string>().ShouldBe("ready");
    }

    [Theory]
    [InlineData(500, null)]
    [InlineData(422, "ConcurrencyError")]
    [Trait("Checklist", "H63")]
    public async Task A_5xx_or_a_concurrency_error_on_deprovision_is_retried_until_the_broker_deletes(int status, string? error)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.Script(
            OsbOperation.Deprovision,
            ScriptedResponse.Error(status, error, "fake broker: try again"),
            ScriptedResponse.Error(status, error, "fake broker: try again"),
            ScriptedResponse.Error(status, error, "fake broker: try again"));

        await DeleteAsync(marketplace, instance);
        var retrying = await WaitForInstanceAsync(
            marketplace, instance,
            i => i["gone"] is not null || i["lastOperation"]!["description"]?.GetValue<string>().Contains("try again", StringComparison.Ordinal) == true);
        retrying["gone"].ShouldBeNull("the instance must stay while the broker refuses the delete");
        retrying["state"]!.GetValue<string>().ShouldBe("deleting", "the instance is kept while the delete is retried");
        retrying["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("inProgress");
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var deletes = marketplace.Broker.RequestsFor(OsbOperation.Deprovision);
        deletes.Select(d => d.ResponseStatus).ToList().ShouldBe(new int?[] { status, status, status, 200 });
        deletes.Select(d => d.RawTarget).Distinct().ShouldHaveSingleItem("every retry sends the same request");
        marketplace.Broker.Instances.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Checklist", "H64")]
    public async Task A_failed_deprovision_with_instance_usable_false_blocks_new_bindings(bool asynchronous)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        if (asynchronous)
        {
            marketplace.Broker.RespondAsynchronously(
                OsbOperation.Deprovision, new AsyncBehaviour { InProgressPolls = 1, Fails = true, InstanceUsable = false, Description = "half deleted" });
        }
        else
        {
            marketplace.Broker.Script(
                OsbOperation.Deprovision, new ScriptedResponse(400, """{"error":"Broken","description":"half deleted","instance_usable":false}"""));
        }

        await DeleteAsync(marketplace, instance);
        var kept = await WaitForStateAsync(marketplace, instance, "ready");

        kept["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("delete");
        kept["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        kept["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("half deleted");
        kept["usable"]!.GetValue<bool>().ShouldBeFalse();
        await ExpectProblem(
            await marketplace.Tenant.Member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance)}/bindings", new { name = Unique("app") }),
            (HttpStatusCode)422, "instance.not_usable");
        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Bind).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "H65")]
    public async Task A_delete_during_an_asynchronous_provision_reaches_the_broker_and_removes_the_instance_without_orphan_mitigation()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.After(TimeSpan.FromMinutes(5)));
        var instance = await ProvisionAsync(marketplace);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation);
        (await GetInstanceAsync(marketplace, instance))["state"]!.GetValue<string>().ShouldBe("creating");

        var deleting = await Expect(await DeleteRetryingCollisionsAsync(marketplace, instance), HttpStatusCode.Accepted);
        deleting["state"]!.GetValue<string>().ShouldBe("deleting");
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var seenWhenGone = marketplace.Broker.Requests.Count;
        var delete = marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldHaveSingleItem();
        delete.InstanceId.ShouldBe(instance["id"]!.ToString());
        delete.ResponseStatus.ShouldBe(200);
        marketplace.Broker.Instances.ShouldBeEmpty("the broker halted the creation and deleted the instance");
        await Task.Delay(QuietPeriod);
        marketplace.Broker.Requests.Skip(seenWhenGone).Where(r => r.Operation != OsbOperation.Catalog)
            .ShouldBeEmpty("once gone, nothing more is sent: no polls of the halted provision, no orphan mitigation");
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).Count.ShouldBe(1);
        marketplace.Broker.RequestsFor(OsbOperation.Provision).Count.ShouldBe(1, "the halted provision is not sent again");
    }

    [Fact]
    public async Task An_instance_whose_create_failed_can_be_deleted()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, ScriptedResponse.Error(400, "BadRequest", "fake broker: no such size"));
        var instance = await ProvisionAsync(marketplace);
        var failed = await WaitForStateAsync(marketplace, instance, "failed");
        failed["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("create");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");

        await DeleteAsync(marketplace, instance);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var delete = marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldHaveSingleItem();
        delete.ResponseStatus.ShouldBe(410, "the broker never had it");
        var list = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(0);
    }

    // ---- helpers ----

    private static async Task<JsonObject> ReadyInstanceAsync(BrokerSetup marketplace)
    {
        var instance = await ProvisionAsync(marketplace);
        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        marketplace.Broker.Reset(); // only the delete's requests matter from here
        return ready;
    }

    private static async Task<JsonObject> ReadyBindingAsync(BrokerSetup marketplace, JsonObject instance)
    {
        var binding = await BindAsync(marketplace, instance);
        return await WaitForBindingAsync(marketplace, instance, binding, "ready");
    }

    private static async Task DeleteAsync(BrokerSetup marketplace, JsonObject instance)
    {
        var deleting = await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        deleting["state"]!.GetValue<string>().ShouldBe("deleting");
    }

    /// <summary>
    /// DELETE as API.md tells clients to: a 409 <c>concurrency.conflict</c> (the background poll saved the instance
    /// between our read and our write) is read again and retried. Any other answer is returned as is.
    /// </summary>
    private static async Task<HttpResponseMessage> DeleteRetryingCollisionsAsync(BrokerSetup marketplace, JsonObject instance)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance));
            if (attempt == 5 || response.StatusCode != HttpStatusCode.Conflict
                || !(await response.Content.ReadAsStringAsync()).Contains("\"concurrency.conflict\"", StringComparison.Ordinal))
            {
                return response;
            }
        }
    }

    private static async Task<JsonObject> GetInstanceAsync(BrokerSetup marketplace, JsonObject instance) =>
        await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
}

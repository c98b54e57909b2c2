using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Brokers do what the fake broker's defaults never do: duplicate JSON keys, odd casing, empty 202 bodies,
/// Retry-After: 0, dangerous dashboard URLs, schemas that cannot be applied, very long ids. None of it may turn into
/// a 500, an operation that loops for ever, or a value users' browsers would run.
/// </summary>
public sealed class BrokerMisbehaviourTests(AppFixture app) : InstanceTest(app)
{
    [Fact]
    public async Task A_201_with_a_duplicate_key_is_a_malformed_answer_that_fails_and_is_mitigated()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, new ScriptedResponse(201, """{"dashboard_url":"https://a.example","dashboard_url":"https://b.example"}"""));

        var instance = await ProvisionAsync(marketplace);

        var failed = await WaitForStateAsync(marketplace, instance, "failed");
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("malformed");
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Deprovision);
        marketplace.Broker.RequestsFor(OsbOperation.Provision).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_poll_state_in_other_casing_is_understood_and_an_unknown_one_is_explained()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(1000));
        marketplace.Broker.Script(
            OsbOperation.InstanceLastOperation,
            new ScriptedResponse(200, """{"state":"in_progress"}"""),
            new ScriptedResponse(200, """{"state":" Succeeded "}"""));

        var instance = await ProvisionAsync(marketplace);

        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_unknown_poll_state_keeps_polling_and_says_what_was_wrong()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(1000));
        marketplace.Broker.Script(OsbOperation.InstanceLastOperation, Enumerable.Repeat(new ScriptedResponse(200, """{"state":"done"}"""), 50).ToArray());

        var instance = await ProvisionAsync(marketplace);

        var waiting = await WaitForInstanceAsync(
            marketplace, instance, i => i["lastOperation"]!["description"]?.GetValue<string>()?.Contains("unknown state 'done'", StringComparison.Ordinal) == true);
        waiting["state"]!.GetValue<string>().ShouldBe("creating");
    }

    [Fact]
    public async Task A_202_with_an_empty_body_is_polled_without_an_operation()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(1000));
        marketplace.Broker.Script(OsbOperation.Provision, new ScriptedResponse(202, ""));
        marketplace.Broker.Script(OsbOperation.InstanceLastOperation, new ScriptedResponse(200, """{"state":"succeeded"}"""));

        var instance = await ProvisionAsync(marketplace);

        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty("an empty 202 is no reason for orphan mitigation");
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Single().Query.ShouldNotContainKey("operation");
    }

    [Fact]
    [Trait("Checklist", "D34")]
    public async Task A_Retry_After_of_zero_does_not_make_the_marketplace_poll_in_a_loop()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = 1000, RetryAfter = "0" });

        var instance = await ProvisionAsync(marketplace);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation);
        await Task.Delay(TimeSpan.FromSeconds(2));

        // The test settings poll at most every 0.2 s: about 10 polls in 2 s; a loop would make hundreds.
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Count.ShouldBeLessThan(20);
        (await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK))["state"]!
            .GetValue<string>().ShouldBe("creating");
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("//dashboard.example.com")]
    public async Task A_dashboard_url_that_is_not_absolute_http_is_not_shown(string dashboardUrl)
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, new ScriptedResponse(201, new JsonObject { ["dashboard_url"] = dashboardUrl }.ToJsonString()));

        var instance = await ProvisionAsync(marketplace);

        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["dashboardUrl"].ShouldBeNull();
    }

    [Theory]
    [InlineData("""{ "type": "string", "pattern": "[" }""")]
    [InlineData("""{ "type": "number", "multipleOf": 0 }""")]
    public async Task A_plan_schema_that_cannot_be_applied_leaves_validation_to_the_broker(string property)
    {
        var catalog = SampleCatalog.Create();
        var small = catalog["services"]![0]!["plans"]![0]!;
        small["schemas"]!["service_instance"]!["create"]!["parameters"]!["properties"]!["odd"] = JsonNode.Parse(property);
        await using var marketplace = await SetUpAsync(catalog);

        var response = await SendProvisionAsync(marketplace, parameters: new { odd = property.Contains("number", StringComparison.Ordinal) ? (object)3 : "x", size = 3 });

        await Expect(response, HttpStatusCode.Accepted);
        var put = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Provision);
        JsonNode.Parse(put.Body)!["parameters"]!["odd"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Broker_ids_longer_than_255_characters_are_stored_and_sent_in_full()
    {
        var longPlanId = "plan-" + new string('p', 400);
        var catalog = SampleCatalog.Create();
        catalog["services"]![0]!["plans"]![0]!["id"] = longPlanId;
        await using var marketplace = await SetUpAsync(catalog);

        var response = await marketplace.Tenant.Member.PostAsJsonAsync(marketplace.InstancesUrl, new
        {
            name = "long",
            serviceId = marketplace.ServiceId(SampleCatalog.DatabaseServiceId),
            planId = marketplace.PlanId(SampleCatalog.DatabaseServiceId, longPlanId),
        });
        var instance = await Expect(response, HttpStatusCode.Accepted);

        await WaitForStateAsync(marketplace, instance, "ready");
        var put = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Provision);
        JsonNode.Parse(put.Body)!["plan_id"]!.GetValue<string>().ShouldBe(longPlanId);
        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        var delete = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Deprovision);
        delete.Query["plan_id"].ShouldBe(longPlanId);
    }

    [Fact]
    [Trait("Checklist", "I73")]
    public async Task A_route_service_is_not_bound_because_the_marketplace_has_no_route_to_send()
    {
        var catalog = SampleCatalog.Create();
        catalog["services"]![0]!["requires"] = new JsonArray("route_forwarding");
        await using var marketplace = await SetUpAsync(catalog);
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");

        var refused = await marketplace.Tenant.Member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance)}/bindings", new { name = "route" });

        await ExpectProblem(refused, HttpStatusCode.UnprocessableEntity, "plan.not_bindable");
        await Task.Delay(300);
        marketplace.Broker.RequestsFor(OsbOperation.Bind).ShouldBeEmpty();
    }
}

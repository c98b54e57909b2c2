using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Updating an instance (checklist section G and N95): what the PATCH to the broker carries (G52), plan changes
/// only from plan-updateable plans (G53), how the broker's answers end the update (G56, G57 — never orphan
/// mitigation), <c>instance_usable</c> and <c>update_repeatable</c> after a failure (G58), polling with the old plan
/// (G59), one operation at a time (N95), and the marketplace's own checks of a PATCH before anything is sent.
/// </summary>
public sealed class UpdateTests(AppFixture app) : InstanceTest(app)
{
    /// <summary>Long enough for the dispatcher (0.1 s) and a retry or two to have acted, short enough to keep tests quick.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    [Fact]
    [Trait("Checklist", "G52")]
    public async Task A_parameter_update_sends_only_the_keys_the_user_set_and_no_plan_id()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace, parameters: new { storage_gb = 5, engine = "postgres" });

        await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 10 });
        var patch = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Update);
        await WaitForStateAsync(marketplace, instance, "ready");

        patch.Method.ShouldBe("PATCH");
        patch.InstanceId.ShouldBe(instance["id"]!.ToString());
        patch.QueryValue("accepts_incomplete").ShouldBe("true");
        var body = BodyOf(patch);
        body["service_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseServiceId);
        body.ContainsKey("plan_id").ShouldBeFalse("no plan change, so no plan_id: " + body.ToJsonString());
        body["parameters"]!.ToJsonString().ShouldBe("""{"storage_gb":10}""");
        body["previous_values"]!["plan_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        ShouldBeOurContext(body["context"], marketplace, instance);
    }

    [Fact]
    [Trait("Checklist", "G52")]
    public async Task A_plan_change_sends_the_new_plan_id_without_parameters_and_the_old_plan_in_previous_values()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace, parameters: new { storage_gb = 5 });

        await UpdateAsync(marketplace, instance, planId: LargePlan(marketplace));
        var patch = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Update);
        await WaitForStateAsync(marketplace, instance, "ready");

        patch.QueryValue("accepts_incomplete").ShouldBe("true");
        var body = BodyOf(patch);
        body["service_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseServiceId);
        body["plan_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseLargePlanId);
        body.ContainsKey("parameters").ShouldBeFalse("the user changed no parameters: " + body.ToJsonString());
        body["previous_values"]!["plan_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        ShouldBeOurContext(body["context"], marketplace, instance);
    }

    [Fact]
    [Trait("Checklist", "G53")]
    public async Task A_plan_change_from_a_plan_that_is_not_plan_updateable_is_refused_without_calling_the_broker()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace, brokerPlanId: SampleCatalog.DatabaseLargePlanId);

        await ExpectProblem(
            await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { planId = SmallPlan(marketplace) }),
            (HttpStatusCode)422, "plan.not_updateable");

        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Update).ShouldBeEmpty();
        var unchanged = await GetInstanceAsync(marketplace, instance);
        unchanged["state"]!.GetValue<string>().ShouldBe("ready");
        unchanged["planId"]!.GetValue<Guid>().ShouldBe(LargePlan(marketplace));
    }

    [Fact]
    [Trait("Checklist", "G53")]
    public async Task A_parameter_update_of_an_instance_on_a_plan_that_is_not_plan_updateable_is_accepted()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace, brokerPlanId: SampleCatalog.DatabaseLargePlanId);

        await UpdateAsync(marketplace, instance, parameters: new { replicas = 2 });
        var updated = await WaitForStateAsync(marketplace, instance, "ready");

        updated["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("update");
        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        updated["planId"]!.GetValue<Guid>().ShouldBe(LargePlan(marketplace));
        updated["parameters"]!["replicas"]!.GetValue<int>().ShouldBe(2);
        var patch = marketplace.Broker.RequestsFor(OsbOperation.Update).ShouldHaveSingleItem();
        BodyOf(patch).ContainsKey("plan_id").ShouldBeFalse();
    }

    [Fact]
    [Trait("Checklist", "G53")]
    public async Task A_plan_change_of_a_service_that_is_not_plan_updateable_is_refused()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(
            marketplace, brokerServiceId: SampleCatalog.CacheServiceId, brokerPlanId: SampleCatalog.CacheBasicPlanId);

        var otherPlan = marketplace.PlanId(SampleCatalog.CacheServiceId, SampleCatalog.CacheNoBindPlanId);
        await ExpectProblem(
            await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { planId = otherPlan }),
            (HttpStatusCode)422, "plan.not_updateable");

        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Update).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "G56")]
    public async Task A_200_on_update_makes_the_instance_ready_and_keeps_the_dashboard_url_the_answer_lacks()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        var dashboard = instance["dashboardUrl"]!.GetValue<string>();
        dashboard.ShouldNotBeNullOrEmpty();
        marketplace.Broker.Script(OsbOperation.Update, new ScriptedResponse(200, "{}"));

        await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 7 });
        var updated = await WaitForStateAsync(marketplace, instance, "ready");

        updated["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("update");
        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        updated["usable"]!.GetValue<bool>().ShouldBeTrue();
        updated["parameters"]!["storage_gb"]!.GetValue<int>().ShouldBe(7);
        updated["dashboardUrl"]!.GetValue<string>().ShouldBe(dashboard);
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).ShouldBeEmpty("a synchronous answer is not polled");
    }

    [Fact]
    [Trait("Checklist", "G56")]
    public async Task A_dashboard_url_in_the_update_answer_replaces_the_previous_one()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        instance["dashboardUrl"]!.GetValue<string>().ShouldNotBe("https://dashboard.example.com/moved");
        marketplace.Broker.Script(OsbOperation.Update, new ScriptedResponse(200, """{"dashboard_url":"https://dashboard.example.com/moved"}"""));

        await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 8 });
        var updated = await WaitForStateAsync(marketplace, instance, "ready");

        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        updated["dashboardUrl"]!.GetValue<string>().ShouldBe("https://dashboard.example.com/moved");
    }

    [Fact]
    [Trait("Checklist", "G56")]
    public async Task A_202_on_update_is_polled_until_the_broker_says_succeeded()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        var dashboard = instance["dashboardUrl"]!.GetValue<string>();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Update, AsyncBehaviour.AfterPolls(2));

        var updating = await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 9 });
        updating["state"]!.GetValue<string>().ShouldBe("updating");
        var updated = await WaitForStateAsync(marketplace, instance, "ready");

        updated["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("update");
        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        updated["parameters"]!["storage_gb"]!.GetValue<int>().ShouldBe(9);
        updated["dashboardUrl"]!.GetValue<string>().ShouldBe(dashboard);
        marketplace.Broker.RequestsFor(OsbOperation.Update).ShouldHaveSingleItem().ResponseStatus.ShouldBe(202);
        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Count.ShouldBeGreaterThanOrEqualTo(3, "two 'in progress' answers, then 'succeeded'");
        polls.ShouldAllBe(p => p.InstanceId == instance["id"]!.ToString() && !string.IsNullOrEmpty(p.QueryValue("operation")));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(422)]
    [InlineData(500)]
    [InlineData(0)] // no answer: the request times out
    [Trait("Checklist", "G57")]
    public async Task A_failed_update_leaves_the_instance_ready_and_is_never_orphan_mitigated(int status)
    {
        await using var marketplace = await SetUpAsync(requestTimeoutSeconds: status == 0 ? 1 : null);
        var instance = await ReadyInstanceAsync(marketplace, parameters: new { storage_gb = 5 });
        marketplace.Broker.Script(
            OsbOperation.Update,
            status == 0 ? ScriptedResponse.NoAnswer : ScriptedResponse.Error(status, null, $"fake broker: update refused with {status}"));

        await UpdateAsync(marketplace, instance, planId: LargePlan(marketplace));
        var failed = await WaitForStateAsync(marketplace, instance, "ready");

        failed["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("update");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        failed["usable"]!.GetValue<bool>().ShouldBeTrue("without instance_usable the instance is assumed usable");
        failed["planId"]!.GetValue<Guid>().ShouldBe(SmallPlan(marketplace), "a failed plan change keeps the old plan");
        failed["parameters"]!["storage_gb"]!.GetValue<int>().ShouldBe(5);

        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty("no orphan mitigation for updates, ever");
        marketplace.Broker.RequestsFor(OsbOperation.Update).Count.ShouldBe(1, "a failed update is not resent");
        marketplace.Broker.Instances.ShouldContain(i => i.Id == instance["id"]!.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Checklist", "G58")]
    public async Task An_update_failing_with_instance_usable_false_blocks_new_bindings_until_a_later_update_succeeds(bool asynchronous)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        if (asynchronous)
        {
            marketplace.Broker.RespondAsynchronously(
                OsbOperation.Update, new AsyncBehaviour { InProgressPolls = 1, Fails = true, InstanceUsable = false, Description = "disk lost" });
        }
        else
        {
            marketplace.Broker.Script(
                OsbOperation.Update, new ScriptedResponse(400, """{"error":"Broken","description":"disk lost","instance_usable":false}"""));
        }

        await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 20 });
        var broken = await WaitForStateAsync(marketplace, instance, "ready");
        broken["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        broken["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("disk lost");
        broken["usable"]!.GetValue<bool>().ShouldBeFalse();

        await ExpectProblem(
            await marketplace.Tenant.Member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance)}/bindings", new { name = Unique("app") }),
            (HttpStatusCode)422, "instance.not_usable");
        marketplace.Broker.RequestsFor(OsbOperation.Bind).ShouldBeEmpty();

        marketplace.Broker.RespondSynchronously(OsbOperation.Update);
        await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 21 });
        var repaired = await WaitForStateAsync(marketplace, instance, "ready");
        repaired["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        repaired["usable"]!.GetValue<bool>().ShouldBeTrue();
        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
    }

    [Fact]
    [Trait("Checklist", "G58")]
    public async Task An_update_failing_with_update_repeatable_false_refuses_the_same_update_but_not_another()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.Script(
            OsbOperation.Update, new ScriptedResponse(422, """{"error":"Refused","description":"cannot grow","update_repeatable":false}"""));

        await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 50 });
        var failed = await WaitForStateAsync(marketplace, instance, "ready");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["usable"]!.GetValue<bool>().ShouldBeTrue();

        await ExpectProblem(
            await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 50 } }),
            (HttpStatusCode)422, "instance.update_not_repeatable");
        marketplace.Broker.RequestsFor(OsbOperation.Update).Count.ShouldBe(1);

        await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 40 });
        var other = await WaitForStateAsync(marketplace, instance, "ready");
        other["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        other["parameters"]!["storage_gb"]!.GetValue<int>().ShouldBe(40);
    }

    [Fact]
    [Trait("Checklist", "G59")]
    public async Task An_asynchronous_plan_change_is_polled_with_the_old_plan_and_then_switches_the_plan()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Update, new AsyncBehaviour { InProgressPolls = 2, Duration = TimeSpan.FromSeconds(1) });

        await UpdateAsync(marketplace, instance, planId: LargePlan(marketplace));
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation);
        var during = await GetInstanceAsync(marketplace, instance);
        during["state"]!.GetValue<string>().ShouldBe("updating");
        during["planId"]!.GetValue<Guid>().ShouldBe(SmallPlan(marketplace), "the plan switches only once the update succeeded");

        var updated = await WaitForStateAsync(marketplace, instance, "ready");
        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        updated["planId"]!.GetValue<Guid>().ShouldBe(LargePlan(marketplace));

        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Count.ShouldBeGreaterThanOrEqualTo(3);
        polls.ShouldAllBe(p => p.QueryValue("plan_id") == SampleCatalog.DatabaseSmallPlanId && p.QueryValue("service_id") == SampleCatalog.DatabaseServiceId);
        marketplace.Broker.Instances.Single(i => i.Id == instance["id"]!.ToString()).PlanId.ShouldBe(SampleCatalog.DatabaseLargePlanId);
    }

    [Fact]
    [Trait("Checklist", "N95")]
    public async Task A_second_update_or_a_delete_while_an_update_runs_is_refused()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Update, AsyncBehaviour.After(TimeSpan.FromSeconds(3)));
        var member = marketplace.Tenant.Member;

        await UpdateAsync(marketplace, instance, parameters: new { storage_gb = 11 });
        await ExpectProblem(
            await PatchAsync(member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 12 } }),
            HttpStatusCode.Conflict, "instance.operation_in_progress");
        await ExpectProblem(
            await PatchAsync(member, marketplace.InstanceUrl(instance), new { planId = LargePlan(marketplace) }),
            HttpStatusCode.Conflict, "instance.operation_in_progress");
        await ExpectProblem(await member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Conflict, "instance.operation_in_progress");

        var updated = await WaitForStateAsync(marketplace, instance, "ready");
        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        updated["parameters"]!["storage_gb"]!.GetValue<int>().ShouldBe(11);
        marketplace.Broker.RequestsFor(OsbOperation.Update).Count.ShouldBe(1);
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "N95")]
    public async Task A_concurrency_error_on_update_is_retried_later_and_is_not_a_failure()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.Script(OsbOperation.Update, ScriptedResponse.Error(422, "ConcurrencyError", "fake broker: busy"));

        await UpdateAsync(marketplace, instance, planId: LargePlan(marketplace));
        var updated = await WaitForStateAsync(marketplace, instance, "ready");

        updated["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("update");
        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        updated["planId"]!.GetValue<Guid>().ShouldBe(LargePlan(marketplace));
        var patches = marketplace.Broker.RequestsFor(OsbOperation.Update);
        patches.Select(p => p.ResponseStatus).ShouldBe([422, 200]);
        patches[1].Body.ShouldBe(patches[0].Body, "the same request is resent");
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_update_with_neither_plan_nor_parameters_is_refused()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);

        await ExpectProblem(await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { }), HttpStatusCode.BadRequest, "validation.failed");

        await ShouldStayUntouchedAsync(marketplace, instance);
    }

    [Fact]
    public async Task Parameters_failing_the_plans_update_schema_are_refused()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        var url = marketplace.InstanceUrl(instance);

        // The update schema of `small` allows storage_gb 1–100 and nothing else (engine is a create-only parameter).
        var tooBig = await ExpectProblem(
            await PatchAsync(marketplace.Tenant.Member, url, new { parameters = new { storage_gb = 1000 } }), HttpStatusCode.BadRequest, "parameters.invalid");
        tooBig["errors"]!.AsObject().ShouldContainKey("parameters.storage_gb");
        await ExpectProblem(
            await PatchAsync(marketplace.Tenant.Member, url, new { parameters = new { engine = "mysql" } }), HttpStatusCode.BadRequest, "parameters.invalid");

        await ShouldStayUntouchedAsync(marketplace, instance);
    }

    [Fact]
    public async Task An_unknown_plan_is_not_found()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);

        await ExpectProblem(
            await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { planId = Guid.NewGuid() }),
            HttpStatusCode.NotFound, "plan.not_found");

        await ShouldStayUntouchedAsync(marketplace, instance);
    }

    [Fact]
    public async Task An_update_with_a_stale_If_Match_is_refused_and_a_current_one_is_accepted()
    {
        await using var marketplace = await SetUpAsync();
        // The broker takes a moment, so the first read surely sees the instance still creating (a fast create could
        // finish before it, and then the "stale" ETag would be the current one).
        marketplace.Broker.SetDelay(OsbOperation.Provision, TimeSpan.FromMilliseconds(500));
        var instance = await ProvisionAsync(marketplace);
        var url = marketplace.InstanceUrl(instance);
        var early = await marketplace.Tenant.Member.GetAsync(url);
        var staleETag = early.Headers.ETag!.ToString();
        (await early.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>().ShouldBe("creating");
        await WaitForStateAsync(marketplace, instance, "ready"); // the finished create changed the instance
        marketplace.Broker.SetDelay(OsbOperation.Provision, TimeSpan.Zero);

        await ExpectProblem(
            await PatchAsync(marketplace.Tenant.Member, url, new { parameters = new { storage_gb = 3 } }, staleETag),
            HttpStatusCode.PreconditionFailed, "concurrency.stale");
        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Update).ShouldBeEmpty();

        var current = await marketplace.Tenant.Member.GetAsync(url);
        var currentETag = current.Headers.ETag!.ToString();
        currentETag.ShouldNotBe(staleETag);
        await Expect(await PatchAsync(marketplace.Tenant.Member, url, new { parameters = new { storage_gb = 3 } }, currentETag), HttpStatusCode.Accepted);
        var updated = await WaitForStateAsync(marketplace, instance, "ready");
        updated["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
    }

    // ---- helpers ----

    private static async Task<JsonObject> ReadyInstanceAsync(
        BrokerSetup marketplace, string? brokerPlanId = null, object? parameters = null, string? brokerServiceId = null)
    {
        var instance = await ProvisionAsync(marketplace, brokerPlanId, parameters, brokerServiceId: brokerServiceId);
        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        marketplace.Broker.Reset(); // only the update's requests matter from here
        return ready;
    }

    private static async Task<JsonObject> UpdateAsync(BrokerSetup marketplace, JsonObject instance, Guid? planId = null, object? parameters = null)
    {
        var body = new Dictionary<string, object>();
        if (planId is not null)
        {
            body["planId"] = planId;
        }

        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }

        var updating = await Expect(await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), body), HttpStatusCode.Accepted);
        updating["state"]!.GetValue<string>().ShouldBe("updating");
        return updating;
    }

    private static async Task<JsonObject> GetInstanceAsync(BrokerSetup marketplace, JsonObject instance) =>
        await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);

    /// <summary>A refused PATCH changed nothing here and sent nothing to the broker.</summary>
    private static async Task ShouldStayUntouchedAsync(BrokerSetup marketplace, JsonObject before)
    {
        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Update).ShouldBeEmpty();
        var after = await GetInstanceAsync(marketplace, before);
        after["state"]!.GetValue<string>().ShouldBe("ready");
        after["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("create");
        after["planId"]!.GetValue<Guid>().ShouldBe(before["planId"]!.GetValue<Guid>());
    }

    private static Guid SmallPlan(BrokerSetup marketplace) => marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseSmallPlanId);

    private static Guid LargePlan(BrokerSetup marketplace) => marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseLargePlanId);

    private static JsonObject BodyOf(RecordedRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    private static void ShouldBeOurContext(JsonNode? context, BrokerSetup marketplace, JsonObject instance)
    {
        context.ShouldNotBeNull();
        context["platform"]!.GetValue<string>().ShouldBe("marketplace");
        context["customer_id"]!.GetValue<string>().ShouldBe(marketplace.Tenant.CustomerId.ToString());
        context["customer_identifier"]!.GetValue<string>().ShouldBe(marketplace.Tenant.CustomerIdentifier);
        context["project_id"]!.GetValue<string>().ShouldBe(marketplace.Tenant.ProjectId.ToString());
        context["instance_name"]!.GetValue<string>().ShouldBe(instance["name"]!.GetValue<string>());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Binding and unbinding against the fake broker (checklist sections I, J, K and D32): which binds are refused
/// before the broker is asked, what the bind, fetch, poll and unbind requests look like, how each broker answer
/// ends the binding (stored credentials, failure with or without orphan mitigation, retry), and the API's own
/// rules for bindings (unique names, one operation at a time, a required name).
/// </summary>
/// <remarks>
/// Not covered here: I72 (syslog_drain_url, route_service_url and volume_mounts without the matching
/// <c>requires</c> entry — a MAY, and the marketplace has neither apps, routes nor volumes) and I73 (route
/// service binds — the marketplace has no routes, so it never sends <c>bind_resource.route</c>).
/// </remarks>
public sealed class BindingTests(AppFixture app) : InstanceTest(app)
{
    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(2);

    // ---- I66: binds refused before the broker is asked ----

    [Fact]
    [Trait("Checklist", "I66")]
    [Trait("Checklist", "C23")]
    public async Task A_plan_that_is_not_bindable_is_refused_without_calling_the_broker()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace, SampleCatalog.CacheNoBindPlanId, SampleCatalog.CacheServiceId);

        await ExpectProblem(await SendBindAsync(marketplace, instance, "app"), HttpStatusCode.UnprocessableEntity, "plan.not_bindable");

        await ShouldNotReceiveAsync(marketplace, OsbOperation.Bind);
        var list = await Expect(await marketplace.Tenant.Member.GetAsync($"{marketplace.InstanceUrl(instance)}/bindings"), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [InlineData(OsbOperation.Update)]
    [InlineData(OsbOperation.Deprovision)]
    [Trait("Checklist", "I66")]
    [Trait("Checklist", "G58")]
    [Trait("Checklist", "H64")]
    public async Task An_instance_the_broker_marked_unusable_cannot_be_bound(OsbOperation failedOperation)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.Script(failedOperation, new ScriptedResponse(
            400, """{ "error": "Broken", "description": "fake broker: the disk is lost", "instance_usable": false }"""));

        var started = failedOperation == OsbOperation.Update
            ? await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 7 } })
            : await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance));
        await Expect(started, HttpStatusCode.Accepted);
        var failed = await WaitForStateAsync(marketplace, instance, "ready");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["usable"]!.GetValue<bool>().ShouldBeFalse();

        await ExpectProblem(await SendBindAsync(marketplace, instance, "app"), HttpStatusCode.UnprocessableEntity, "instance.not_usable");
        await ShouldNotReceiveAsync(marketplace, OsbOperation.Bind);
    }

    // ---- I67, I68: the bind request ----

    [Fact]
    [Trait("Checklist", "I67")]
    public async Task Each_bind_is_a_PUT_with_accepts_incomplete_under_a_new_guid_of_ours()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);

        var first = await BindAsync(marketplace, instance);
        var second = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, first, "ready");
        await WaitForBindingAsync(marketplace, instance, second, "ready");

        var requests = new[] { await BindRequestAsync(marketplace, first), await BindRequestAsync(marketplace, second) };
        foreach (var (request, binding) in requests.Zip([first, second]))
        {
            request.Method.ShouldBe("PUT");
            request.Path.ShouldBe($"/v2/service_instances/{instance["id"]}/service_bindings/{binding["id"]}");
            request.QueryValue("accepts_incomplete").ShouldBe("true");
            Guid.TryParse(request.BindingId, out var bindingId).ShouldBeTrue(request.BindingId);
            bindingId.ShouldNotBe(Guid.Empty);
            bindingId.ShouldBe(binding["id"]!.GetValue<Guid>());
        }

        requests[0].BindingId.ShouldNotBe(requests[1].BindingId);
        requests[0].BindingId.ShouldNotBe(requests[0].InstanceId);
    }

    [Fact]
    [Trait("Checklist", "I68")]
    public async Task The_bind_body_carries_service_plan_context_and_parameters()
    {
        await using var marketplace = await SetUpAsync();
        var instanceName = Unique("orders-db");
        var instance = await ReadyInstanceAsync(marketplace, name: instanceName);
        var bindingName = Unique("orders-app");

        var binding = await BindAsync(marketplace, instance, bindingName, new { role = "read" });

        var request = await BindRequestAsync(marketplace, binding);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        body["service_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseServiceId);
        body["plan_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        var context = body["context"]!.AsObject();
        context["platform"]!.GetValue<string>().ShouldBe("marketplace");
        context["binding_name"]!.GetValue<string>().ShouldBe(bindingName);
        context["instance_name"]!.GetValue<string>().ShouldBe(instanceName);
        context["project_id"]!.GetValue<string>().ShouldBe(marketplace.Tenant.ProjectId.ToString());
        context["customer_id"]!.GetValue<string>().ShouldBe(marketplace.Tenant.CustomerId.ToString());
        JsonNode.DeepEquals(body["parameters"], JsonNode.Parse("""{ "role": "read" }""")).ShouldBeTrue(request.Body);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
    }

    [Fact]
    [Trait("Checklist", "C24")]
    public async Task Binding_parameters_that_break_the_plan_s_binding_schema_are_refused_before_the_broker_is_asked()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);

        var problem = await ExpectProblem(
            await SendBindAsync(marketplace, instance, "app", new { role = "owner" }), HttpStatusCode.BadRequest, "parameters.invalid");
        problem["errors"]!["parameters.role"].ShouldNotBeNull(problem.ToJsonString());
        await ShouldNotReceiveAsync(marketplace, OsbOperation.Bind);
    }

    // ---- I69, I70: what a synchronous bind stores ----

    [Theory]
    [InlineData(201)]
    [InlineData(200)]
    [Trait("Checklist", "I69")]
    [Trait("Checklist", "I70")]
    public async Task The_credentials_and_endpoints_of_a_synchronous_bind_are_stored_exactly_as_returned(int status)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        const string credentials = """
            {
              "uri": "postgres://app:p%40ss@db.example.com:5432/orders?sslmode=require",
              "username": "app",
              "password": "Zx9\"quoted\\and-ünïcode",
              "port": 5432,
              "tls": true,
              "replicas": ["r1.example.com", "r2.example.com"],
              "options": { "pool": { "max": 20 }, "comment": null }
            }
            """;
        const string endpoints = """
            [
              { "host": "db.example.com", "ports": ["5432"], "protocol": "tcp" },
              { "host": "metrics.example.com", "ports": ["9000-9010"] }
            ]
            """;
        marketplace.Broker.Script(OsbOperation.Bind, new ScriptedResponse(
            status, $$"""{ "credentials": {{credentials}}, "endpoints": {{endpoints}}, "x-vendor-lease": "none" }"""));

        var binding = await BindAsync(marketplace, instance);
        var bound = await WaitForBindingAsync(marketplace, instance, binding, "ready");

        bound["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("bind");
        bound["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        JsonNode.DeepEquals(bound["credentials"], JsonNode.Parse(credentials)).ShouldBeTrue(bound.ToJsonString());
        JsonNode.DeepEquals(bound["endpoints"], JsonNode.Parse(endpoints)).ShouldBeTrue(bound.ToJsonString());
        marketplace.Broker.RequestsFor(OsbOperation.FetchBinding).ShouldBeEmpty("a synchronous bind answered the credentials already");
    }

    [Fact]
    [Trait("Checklist", "I70")]
    public async Task Credentials_are_kept_from_the_bind_even_when_the_broker_later_forgets_or_changes_them()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        var binding = await BindAsync(marketplace, instance);
        var bound = await WaitForBindingAsync(marketplace, instance, binding, "ready");
        var original = bound["credentials"]!.DeepClone();
        JsonNode.DeepEquals(original, BrokerCredentials(marketplace, binding)).ShouldBeTrue();

        marketplace.Broker.ResetBehaviour(); // the broker forgets every binding
        marketplace.Broker.Script(OsbOperation.FetchBinding, new ScriptedResponse(
            200, """{ "credentials": { "username": "someone-else", "password": "another-password" } }"""));
        marketplace.Broker.Bindings.ShouldBeEmpty();

        await Task.Delay(QuietWindow);
        var again = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK);
        JsonNode.DeepEquals(again["credentials"], original).ShouldBeTrue(again.ToJsonString());
        again["state"]!.GetValue<string>().ShouldBe("ready");
        marketplace.Broker.RequestsFor(OsbOperation.FetchBinding).ShouldBeEmpty();
    }

    // ---- I71, J76, J77, D32: asynchronous binds ----

    [Fact]
    [Trait("Checklist", "I71")]
    [Trait("Checklist", "J76")]
    public async Task An_asynchronous_bind_is_polled_and_then_its_credentials_are_fetched()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(2));

        var binding = await BindAsync(marketplace, instance);
        var bound = await WaitForBindingAsync(marketplace, instance, binding, "ready");

        var bind = await BindRequestAsync(marketplace, binding);
        bind.ResponseStatus.ShouldBe(202);
        var polls = marketplace.Broker.RequestsFor(OsbOperation.BindingLastOperation);
        polls.Count.ShouldBeGreaterThanOrEqualTo(3);
        var fetch = marketplace.Broker.RequestsFor(OsbOperation.FetchBinding).ShouldHaveSingleItem();
        fetch.Method.ShouldBe("GET");
        fetch.Path.ShouldBe($"/v2/service_instances/{instance["id"]}/service_bindings/{binding["id"]}");
        fetch.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
        fetch.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        fetch.ResponseStatus.ShouldBe(200);
        bind.Sequence.ShouldBeLessThan(polls[0].Sequence);
        polls[^1].Sequence.ShouldBeLessThan(fetch.Sequence, "the binding is fetched once the poll said succeeded");
        JsonNode.DeepEquals(bound["credentials"], BrokerCredentials(marketplace, binding)).ShouldBeTrue(bound.ToJsonString());
    }

    [Fact]
    [Trait("Checklist", "I71")]
    [Trait("Checklist", "J76")]
    [Trait("Checklist", "L84")]
    public async Task An_asynchronous_bind_at_a_broker_whose_bindings_are_not_retrievable_fails_and_is_orphan_mitigated()
    {
        var catalog = SampleCatalog.Create();
        catalog["services"]![0]!["bindings_retrievable"] = false;
        await using var marketplace = await SetUpAsync(catalog);
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(1));

        var binding = await BindAsync(marketplace, instance);
        var failed = await WaitForBindingAsync(marketplace, instance, binding, "failed");

        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["credentials"].ShouldBeNull();
        var unbind = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Unbind && r.BindingId == binding["id"]!.ToString());
        unbind.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
        unbind.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        await WaitUntilAsync(() => marketplace.Broker.Bindings.All(b => b.Id != binding["id"]!.ToString()), "the orphan mitigation removes the broker's binding");
        marketplace.Broker.RequestsFor(OsbOperation.FetchBinding).ShouldBeEmpty("bindings_retrievable is false");
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    [Trait("Checklist", "J77")]
    public async Task A_binding_the_broker_cannot_show_yet_is_fetched_again_until_it_can(int firstStatus)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(1));
        marketplace.Broker.Script(
            OsbOperation.FetchBinding,
            ScriptedResponse.Error(firstStatus, null, "fake broker: not visible yet"),
            ScriptedResponse.Error(firstStatus, null, "fake broker: not visible yet"));

        var binding = await BindAsync(marketplace, instance);
        var bound = await WaitForBindingAsync(marketplace, instance, binding, "ready");

        var fetches = marketplace.Broker.RequestsFor(OsbOperation.FetchBinding);
        fetches.Select(f => f.ResponseStatus).ShouldBe([firstStatus, firstStatus, 200]);
        fetches.ShouldAllBe(f => f.QueryValue("service_id") == SampleCatalog.DatabaseServiceId && f.QueryValue("plan_id") == SampleCatalog.DatabaseSmallPlanId);
        JsonNode.DeepEquals(bound["credentials"], BrokerCredentials(marketplace, binding)).ShouldBeTrue(bound.ToJsonString());
        marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "D32")]
    public async Task Binding_polls_carry_service_plan_and_the_echoed_operation()
    {
        const string bindToken = "bind op/1&x=y";
        const string unbindToken = "unbind op/2?z=1";
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Bind, new AsyncBehaviour { InProgressPolls = 1, OperationToken = bindToken });
        marketplace.Broker.RespondAsynchronously(OsbOperation.Unbind, new AsyncBehaviour { InProgressPolls = 1, OperationToken = unbindToken });

        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding));

        var polls = marketplace.Broker.RequestsFor(OsbOperation.BindingLastOperation);
        var unbind = marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldHaveSingleItem();
        var bindPolls = polls.Where(p => p.Sequence < unbind.Sequence).ToList();
        var unbindPolls = polls.Where(p => p.Sequence > unbind.Sequence).ToList();
        bindPolls.Count.ShouldBeGreaterThanOrEqualTo(2);
        unbindPolls.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var (poll, token) in bindPolls.Select(p => (p, bindToken)).Concat(unbindPolls.Select(p => (p, unbindToken))))
        {
            poll.Path.ShouldBe($"/v2/service_instances/{instance["id"]}/service_bindings/{binding["id"]}/last_operation");
            poll.QueryValue("operation").ShouldBe(token, poll.RawTarget);
            poll.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
            poll.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
            poll.RawTarget.ShouldNotContain(" ");
            poll.RawTarget.ShouldNotContain("&x=y");
            poll.RawTarget.ShouldNotContain("?z=1");
        }
    }

    // ---- I74: refused binds ----

    [Theory]
    [InlineData(400, null)]
    [InlineData(409, null)]
    [InlineData(422, "RequiresApp")]
    [Trait("Checklist", "I74")]
    public async Task A_bind_the_broker_refuses_fails_without_orphan_mitigation(int status, string? error)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.Script(OsbOperation.Bind, ScriptedResponse.Error(status, error, "fake broker: refused on purpose"));

        var binding = await BindAsync(marketplace, instance);
        var failed = await WaitForBindingAsync(marketplace, instance, binding, "failed");

        failed["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("bind");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("refused on purpose");
        failed["credentials"].ShouldBeNull();
        await ShouldNotReceiveAsync(marketplace, OsbOperation.Unbind);
        marketplace.Broker.RequestsFor(OsbOperation.Bind).ShouldHaveSingleItem("a refused bind is not sent again");
    }

    [Fact]
    [Trait("Checklist", "I74")]
    public async Task A_bind_answered_with_a_ConcurrencyError_is_sent_again_later_and_then_succeeds()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.Script(
            OsbOperation.Bind,
            ScriptedResponse.Error(422, "ConcurrencyError", "fake broker: another bind runs"),
            ScriptedResponse.Error(422, "ConcurrencyError", "fake broker: another bind runs"));

        var binding = await BindAsync(marketplace, instance);
        var bound = await WaitForBindingAsync(marketplace, instance, binding, "ready");

        var binds = marketplace.Broker.RequestsFor(OsbOperation.Bind);
        binds.Select(b => b.ResponseStatus).ShouldBe([422, 422, 201]);
        binds.Select(b => b.BindingId).Distinct().ShouldHaveSingleItem("the retry is the same bind, under the same id");
        binds.Select(b => b.Body).Distinct().ShouldHaveSingleItem("the retry is the same bind, with the same body");
        marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldBeEmpty("a ConcurrencyError never triggers orphan mitigation");
        JsonNode.DeepEquals(bound["credentials"], BrokerCredentials(marketplace, binding)).ShouldBeTrue(bound.ToJsonString());
    }

    // ---- K78–K81: unbinding ----

    [Fact]
    [Trait("Checklist", "K78")]
    public async Task An_unbind_is_a_DELETE_with_service_plan_and_accepts_incomplete()
    {
        await using var marketplace = await SetUpAsync();
        var (instance, binding) = await ReadyBindingAsync(marketplace);

        var deleting = await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.Accepted);
        deleting["state"]!.GetValue<string>().ShouldBe("deleting");
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding));

        var unbind = marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldHaveSingleItem();
        unbind.Method.ShouldBe("DELETE");
        unbind.Path.ShouldBe($"/v2/service_instances/{instance["id"]}/service_bindings/{binding["id"]}");
        unbind.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
        unbind.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        unbind.QueryValue("accepts_incomplete").ShouldBe("true");
        unbind.Body.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("200")]
    [InlineData("410")]
    [InlineData("202, then succeeded")]
    [InlineData("202, then 410 on the poll")]
    [Trait("Checklist", "K79")]
    public async Task An_unbind_the_broker_confirms_removes_the_binding(string answer)
    {
        await using var marketplace = await SetUpAsync();
        var (instance, binding) = await ReadyBindingAsync(marketplace);
        switch (answer)
        {
            case "410":
                marketplace.Broker.Script(OsbOperation.Unbind, new ScriptedResponse(410, "{}"));
                break;
            case "202, then succeeded":
                marketplace.Broker.RespondAsynchronously(OsbOperation.Unbind, AsyncBehaviour.AfterPolls(1));
                break;
            case "202, then 410 on the poll":
                marketplace.Broker.RespondAsynchronously(OsbOperation.Unbind, new AsyncBehaviour { InProgressPolls = 1, GoneWhenDone = true });
                break;
        }

        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding));

        var unbind = marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldHaveSingleItem();
        unbind.ResponseStatus.ShouldBe(int.Parse(answer[..3], System.Globalization.CultureInfo.InvariantCulture));
        var polls = marketplace.Broker.RequestsFor(OsbOperation.BindingLastOperation).Where(p => p.Sequence > unbind.Sequence).ToList();
        if (answer.StartsWith("202", StringComparison.Ordinal))
        {
            polls.ShouldNotBeEmpty();
            polls[^1].ResponseStatus.ShouldBe(answer.EndsWith("410 on the poll", StringComparison.Ordinal) ? 410 : 200);
        }
        else
        {
            polls.ShouldBeEmpty("only a 202 is polled");
        }

        var list = await Expect(await marketplace.Tenant.Member.GetAsync($"{marketplace.InstanceUrl(instance)}/bindings"), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [Trait("Checklist", "K80")]
    public async Task An_unbind_the_broker_refuses_keeps_the_binding_and_its_credentials(int status)
    {
        await using var marketplace = await SetUpAsync();
        var (instance, binding) = await ReadyBindingAsync(marketplace);
        var credentials = (await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK))["credentials"]!.DeepClone();
        marketplace.Broker.Script(OsbOperation.Unbind, ScriptedResponse.Error(status, null, "fake broker: this binding stays"));

        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.Accepted);
        var kept = await WaitForBindingAsync(marketplace, instance, binding, "ready");

        kept["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("unbind");
        kept["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        kept["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("this binding stays");
        JsonNode.DeepEquals(kept["credentials"], credentials).ShouldBeTrue(kept.ToJsonString());
        await Task.Delay(QuietWindow);
        marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldHaveSingleItem("a refused unbind is not sent again");
        (await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK))["state"]!
            .GetValue<string>().ShouldBe("ready");
    }

    [Fact]
    [Trait("Checklist", "K81")]
    public async Task An_unbind_during_an_asynchronous_bind_is_accepted_and_ends_with_the_binding_gone()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(int.MaxValue));
        var binding = await BindAsync(marketplace, instance);
        await WaitForAsync(
            marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding),
            b => b["state"]!.GetValue<string>() == "creating" && b["lastOperation"]!["description"]?.GetValue<string>()?.Contains("in progress", StringComparison.Ordinal) == true);

        var deleting = await Expect(await DeleteWhileTheMarketplacePollsAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding)), HttpStatusCode.Accepted);
        deleting["state"]!.GetValue<string>().ShouldBe("deleting");
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, binding));

        var unbind = marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldHaveSingleItem();
        unbind.BindingId.ShouldBe(binding["id"]!.ToString());
        marketplace.Broker.Bindings.ShouldNotContain(b => b.Id == binding["id"]!.ToString());
        marketplace.Broker.RequestsFor(OsbOperation.FetchBinding).ShouldBeEmpty("the halted bind never succeeded");
    }

    // ---- The API's own rules ----

    [Fact]
    public async Task Binding_names_are_unique_per_instance()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);
        var other = await ReadyInstanceAsync(marketplace);
        var first = await BindAsync(marketplace, instance, "orders-app");

        await ExpectProblem(await SendBindAsync(marketplace, instance, "orders-app"), HttpStatusCode.Conflict, "binding.name_taken");
        var elsewhere = await BindAsync(marketplace, other, "orders-app");

        await WaitForBindingAsync(marketplace, instance, first, "ready");
        await WaitForBindingAsync(marketplace, other, elsewhere, "ready");
        await ExpectProblem(await SendBindAsync(marketplace, instance, "orders-app"), HttpStatusCode.Conflict, "binding.name_taken");
        marketplace.Broker.RequestsFor(OsbOperation.Bind).Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_instance_still_being_created_cannot_be_bound()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.After(TimeSpan.FromSeconds(4)));
        var instance = await ProvisionAsync(marketplace);

        await ExpectProblem(await SendBindAsync(marketplace, instance, "app"), HttpStatusCode.Conflict, "instance.operation_in_progress");

        await WaitForStateAsync(marketplace, instance, "ready");
        var binding = await BindAsync(marketplace, instance, "app");
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
        marketplace.Broker.RequestsFor(OsbOperation.Bind).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_binding_needs_a_name(string? name)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ReadyInstanceAsync(marketplace);

        await ExpectProblem(await SendBindAsync(marketplace, instance, name), HttpStatusCode.BadRequest, "validation.failed");
        await ShouldNotReceiveAsync(marketplace, OsbOperation.Bind);
    }

    // ---- Helpers ----

    private static async Task<JsonObject> ReadyInstanceAsync(
        BrokerSetup marketplace, string? brokerPlanId = null, string? brokerServiceId = null, string? name = null)
    {
        var instance = await ProvisionAsync(marketplace, brokerPlanId, name: name, brokerServiceId: brokerServiceId);
        await WaitForStateAsync(marketplace, instance, "ready");
        return instance;
    }

    private static async Task<(JsonObject Instance, JsonObject Binding)> ReadyBindingAsync(BrokerSetup marketplace)
    {
        var instance = await ReadyInstanceAsync(marketplace);
        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
        return (instance, binding);
    }

    private static Task<HttpResponseMessage> SendBindAsync(BrokerSetup marketplace, JsonObject instance, string? name, object? parameters = null) =>
        marketplace.Tenant.Member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance)}/bindings", new { name, parameters });

    private static Task<RecordedRequest> BindRequestAsync(BrokerSetup marketplace, JsonObject binding) =>
        WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Bind && r.BindingId == binding["id"]!.ToString() && r.IsCompleted);

    /// <summary>The credentials the fake broker gave this binding.</summary>
    private static JsonNode BrokerCredentials(BrokerSetup marketplace, JsonObject binding) =>
        JsonNode.Parse(marketplace.Broker.Bindings.Single(b => b.Id == binding["id"]!.ToString()).CredentialsJson)!;

    /// <summary>Asserts (over a short bounded window) that the broker receives no request of <paramref name="operation"/>.</summary>
    private static async Task ShouldNotReceiveAsync(BrokerSetup marketplace, OsbOperation operation)
    {
        await Should.ThrowAsync<TimeoutException>(() => marketplace.Broker.WaitForRequestAsync(r => r.Operation == operation, QuietWindow));
        marketplace.Broker.RequestsFor(operation).ShouldBeEmpty();
    }

    /// <summary>
    /// A DELETE sent while the marketplace saves a poll's progress on the same binding may lose that race and get
    /// 409 <c>concurrency.conflict</c>, which API.md tells clients to answer by retrying; so does this (bounded).
    /// </summary>
    private static async Task<HttpResponseMessage> DeleteWhileTheMarketplacePollsAsync(HttpClient client, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.DeleteAsync(url);
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 5
                || !(await response.Content.ReadAsStringAsync()).Contains("\"concurrency.conflict\"", StringComparison.Ordinal))
            {
                return response;
            }

            await Task.Delay(50);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + DefaultWait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }
}

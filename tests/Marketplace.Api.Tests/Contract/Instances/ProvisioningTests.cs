using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Provisioning over real HTTP: what the PUT looks like (E41, E42, A9, A10, the context M88–M91 and the originating
/// identity), how each answer of the broker is read (E43–E48, B14, B15, N94), and what the API refuses before any
/// broker call — parameters failing the plan's schema (X10), taken names, unknown or foreign offerings, bad bodies.
/// Orphan mitigation itself is proven elsewhere; here only that a failed provision that may have left something
/// behind is followed by a DELETE and one that cannot have is not.
/// </summary>
public sealed partial class ProvisioningTests(AppFixture app) : InstanceTest(app)
{
    /// <summary>How long a test waits to see that something does not happen.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    // ---- The request ----

    [Fact]
    [Trait("Checklist", "E41")]
    [Trait("Checklist", "A5")]
    [Trait("Checklist", "A10")]
    [Trait("Checklist", "D29")]
    public async Task The_PUT_goes_to_our_own_new_instance_id_with_accepts_incomplete_and_the_members_identity()
    {
        await using var marketplace = await SetUpAsync();
        var name = Unique("db");
        var first = await ProvisionAsync(marketplace, name: name);
        await WaitForStateAsync(marketplace, first, "ready");

        var put = marketplace.Broker.RequestsFor(OsbOperation.Provision).Single();
        put.Method.ShouldBe("PUT");
        put.InstanceId.ShouldBe(first["id"]!.ToString());
        Guid.TryParseExact(put.InstanceId, "D", out _).ShouldBeTrue($"the instance id in the URL is our GUID: {put.RawTarget}");
        put.RawTarget.ShouldBe($"/v2/service_instances/{first["id"]}?accepts_incomplete=true");
        put.QueryValue("accepts_incomplete").ShouldBe("true");

        var (platform, identity) = OriginatingIdentity(put);
        platform.ShouldBe("marketplace");
        identity["user_id"]!.GetValue<string>().ShouldBe(marketplace.Tenant.MemberUser);

        // A fresh id for every instance, also for the same name once the first instance is gone (no reuse).
        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(first)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(first));
        var second = await ProvisionAsync(marketplace, name: name);
        await WaitForStateAsync(marketplace, second, "ready");
        second["id"]!.GetValue<Guid>().ShouldNotBe(first["id"]!.GetValue<Guid>());
        var puts = marketplace.Broker.RequestsFor(OsbOperation.Provision);
        puts.Select(p => p.InstanceId).ShouldBe([first["id"]!.ToString(), second["id"]!.ToString()]);
    }

    [Fact]
    [Trait("Checklist", "E42")]
    [Trait("Checklist", "A9")]
    [Trait("Checklist", "M88")]
    [Trait("Checklist", "M89")]
    [Trait("Checklist", "M90")]
    [Trait("Checklist", "M91")]
    public async Task The_PUT_body_carries_the_offering_the_tenant_guids_our_context_the_parameters_and_the_plans_maintenance_version()
    {
        await using var marketplace = await SetUpAsync();
        var tenant = marketplace.Tenant;
        var name = Unique("db");
        var instance = await ProvisionAsync(marketplace, name: name, parameters: new { storage_gb = 5, engine = "postgres" });
        await WaitForStateAsync(marketplace, instance, "ready");

        var put = marketplace.Broker.RequestsFor(OsbOperation.Provision).Single();
        put.Header("Content-Type").ShouldNotBeNull().ShouldStartWith("application/json");
        var body = JsonNode.Parse(put.Body)!.AsObject();
        body["service_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseServiceId);
        body["plan_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        body["organization_guid"]!.GetValue<string>().ShouldBe(tenant.CustomerId.ToString());
        body["space_guid"]!.GetValue<string>().ShouldBe(tenant.ProjectId.ToString());
        JsonNode.DeepEquals(body["parameters"], JsonNode.Parse("""{"storage_gb":5,"engine":"postgres"}""")).ShouldBeTrue(put.Body);
        JsonNode.DeepEquals(body["maintenance_info"], JsonNode.Parse("""{"version":"1.2.0"}""")).ShouldBeTrue("only the plan's current version: " + put.Body);

        // Our documented context: a stable platform value, the tenant's ids, identifiers and names, the instance name — nothing else.
        var context = body["context"]!.AsObject();
        context.Select(p => p.Key).Order(StringComparer.Ordinal).ToList().ShouldBe(
            ["customer_id", "customer_identifier", "customer_name", "instance_name", "platform", "project_id", "project_identifier", "project_name"]);
        context["platform"]!.GetValue<string>().ShouldBe("marketplace");
        context["platform"]!.GetValue<string>().ShouldBe(OriginatingIdentity(put).Platform, "context.platform equals the originating identity's platform");
        context["customer_id"]!.GetValue<string>().ShouldBe(tenant.CustomerId.ToString());
        context["customer_identifier"]!.GetValue<string>().ShouldBe(tenant.CustomerIdentifier);
        context["customer_name"]!.GetValue<string>().ShouldBe($"Customer {tenant.CustomerIdentifier}");
        context["project_id"]!.GetValue<string>().ShouldBe(tenant.ProjectId.ToString());
        context["project_identifier"]!.GetValue<string>().ShouldBe("web");
        context["project_name"]!.GetValue<string>().ShouldBe("Web shop");
        context["instance_name"]!.GetValue<string>().ShouldBe(name);

        // A plan without maintenance_info sends none, and no parameters when the user gave none.
        var large = await ProvisionAsync(marketplace, brokerPlanId: SampleCatalog.DatabaseLargePlanId);
        await WaitForStateAsync(marketplace, large, "ready");
        var largeBody = JsonNode.Parse(marketplace.Broker.RequestsFor(OsbOperation.Provision).Single(p => p.InstanceId == large["id"]!.ToString()).Body)!.AsObject();
        largeBody["plan_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseLargePlanId);
        largeBody.ContainsKey("maintenance_info").ShouldBeFalse(largeBody.ToJsonString());
        largeBody.ContainsKey("parameters").ShouldBeFalse(largeBody.ToJsonString());
    }

    [Fact]
    [Trait("Checklist", "A9")]
    [Trait("Checklist", "M88")]
    [Trait("Checklist", "M90")]
    public async Task Update_and_bind_send_json_with_our_context_too()
    {
        await using var marketplace = await SetUpAsync();
        var name = Unique("db");
        var instance = await ProvisionAsync(marketplace, name: name);
        await WaitForStateAsync(marketplace, instance, "ready");
        await Expect(await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 7 } }), HttpStatusCode.Accepted);
        await WaitForStateAsync(marketplace, instance, "ready");
        var binding = await BindAsync(marketplace, instance, name: "app-one");
        await WaitForBindingAsync(marketplace, instance, binding, "ready");

        var patch = marketplace.Broker.RequestsFor(OsbOperation.Update).Single();
        var bind = marketplace.Broker.RequestsFor(OsbOperation.Bind).Single();
        foreach (var request in new[] { patch, bind })
        {
            request.Header("Content-Type").ShouldNotBeNull().ShouldStartWith("application/json", customMessage: request.ToString());
            var context = JsonNode.Parse(request.Body)!["context"]!;
            context["platform"]!.GetValue<string>().ShouldBe("marketplace", request.ToString());
            context["platform"]!.GetValue<string>().ShouldBe(OriginatingIdentity(request).Platform);
            context["customer_id"]!.GetValue<string>().ShouldBe(marketplace.Tenant.CustomerId.ToString());
            context["project_id"]!.GetValue<string>().ShouldBe(marketplace.Tenant.ProjectId.ToString());
            context["instance_name"]!.GetValue<string>().ShouldBe(name);
        }

        JsonNode.Parse(bind.Body)!["context"]!["binding_name"]!.GetValue<string>().ShouldBe("app-one");
        JsonNode.Parse(bind.Body)!["context"]!["instance_id"]!.GetValue<string>().ShouldBe(instance["id"]!.ToString());
    }

    [Fact]
    [Trait("Checklist", "A10")]
    public async Task Ids_in_urls_are_our_guids_and_catalog_ids_travel_percent_encoded_in_query_strings()
    {
        const string serviceId = "db service/1&x=y";
        const string planId = "small plan/1?%#";
        var catalog = SampleCatalog.Create();
        catalog["services"]![0]!["id"] = serviceId;
        catalog["services"]![0]!["plans"]![0]!["id"] = planId;
        await using var marketplace = await SetUpAsync(catalog);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(1));

        var instance = await ProvisionAsync(marketplace, brokerServiceId: serviceId, brokerPlanId: planId);
        await WaitForStateAsync(marketplace, instance, "ready");
        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var put = marketplace.Broker.RequestsFor(OsbOperation.Provision).Single();
        JsonNode.Parse(put.Body)!["service_id"]!.GetValue<string>().ShouldBe(serviceId, "catalog ids travel in the body as they are");
        JsonNode.Parse(put.Body)!["plan_id"]!.GetValue<string>().ShouldBe(planId);

        var withIdsInQuery = marketplace.Broker.Requests
            .Where(r => r.Operation is OsbOperation.InstanceLastOperation or OsbOperation.Deprovision).ToList();
        withIdsInQuery.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var request in withIdsInQuery.Append(put))
        {
            request.Path.ShouldStartWith($"/v2/service_instances/{instance["id"]}", Case.Sensitive, request.ToString());
            UnreservedOrPercentEncoded().IsMatch(request.RawTarget).ShouldBeTrue($"only unreserved characters or percent-encoding: {request.RawTarget}");
        }

        foreach (var request in withIdsInQuery)
        {
            request.QueryValue("service_id").ShouldBe(serviceId, request.RawTarget);
            request.QueryValue("plan_id").ShouldBe(planId, request.RawTarget);
            request.Query.ContainsKey("x").ShouldBeFalse($"the '&' inside the service id was not encoded: {request.RawTarget}");
        }
    }

    // ---- The broker's answer ----

    [Theory]
    [InlineData(201)]
    [InlineData(200)]
    [Trait("Checklist", "E43")]
    public async Task A_201_or_a_200_makes_the_instance_ready(int status)
    {
        await using var marketplace = await SetUpAsync();
        if (status == 200)
        {
            marketplace.Broker.Script(OsbOperation.Provision, new ScriptedResponse(200, """{"dashboard_url":"https://dashboard.example.com/existing"}"""));
        }

        var instance = await ProvisionAsync(marketplace);
        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["usable"]!.GetValue<bool>().ShouldBeTrue();
        ready["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("create");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        ready["dashboardUrl"]!.GetValue<string>().ShouldBe(status == 200
            ? "https://dashboard.example.com/existing"
            : $"https://dashboard.example.com/instances/{instance["id"]}");

        await Task.Delay(QuietPeriod);
        marketplace.Broker.Requests.Select(r => r.Operation).ShouldBe([OsbOperation.Provision], "a success is final: no poll, no delete");
    }

    [Fact]
    [Trait("Checklist", "E44")]
    [Trait("Checklist", "D30")]
    public async Task A_202_leaves_the_instance_creating_and_its_operation_is_polled_until_it_ends()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = 2, OperationToken = "provision-op-7" });
        var instance = await ProvisionAsync(marketplace);

        var firstPoll = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation);
        var creating = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        creating["state"]!.GetValue<string>().ShouldBe("creating", "the first poll answers in progress");
        firstPoll.QueryValue("operation").ShouldBe("provision-op-7");

        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Count.ShouldBe(3);
        polls.ShouldAllBe(p => p.QueryValue("operation") == "provision-op-7");
        marketplace.Broker.RequestsFor(OsbOperation.Provision).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(400, "BadRequest")]
    [InlineData(403, null)]
    [InlineData(404, null)]
    [InlineData(409, null)]
    [InlineData(410, null)]
    [InlineData(422, "AsyncRequired")]
    [InlineData(422, "QuotaExceeded")]
    [Trait("Checklist", "E46")]
    [Trait("Checklist", "B15")]
    public async Task A_4xx_fails_the_provision_with_the_brokers_description_and_sends_no_delete(int status, string? error)
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, ScriptedResponse.Error(status, error, $"refused with {status} on purpose"));

        var instance = await ProvisionAsync(marketplace);
        var failed = await WaitForStateAsync(marketplace, instance, "failed");
        failed["usable"]!.GetValue<bool>().ShouldBeFalse();
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain($"refused with {status} on purpose");

        await Task.Delay(QuietPeriod);
        marketplace.Broker.Requests.Select(r => r.Operation).ShouldBe(
            [OsbOperation.Provision], "a 4xx leaves the broker unchanged: no retry, no orphan mitigation");
    }

    [Theory]
    [InlineData("500")]
    [InlineData("503")]
    [InlineData("204")]
    [InlineData("timeout")]
    [Trait("Checklist", "E47")]
    [Trait("Checklist", "B15")]
    public async Task A_5xx_another_2xx_or_a_timeout_fails_the_provision_and_a_delete_follows(string answer)
    {
        await using var marketplace = await SetUpAsync(requestTimeoutSeconds: answer == "timeout" ? 1 : null);
        marketplace.Broker.Script(OsbOperation.Provision, answer switch
        {
            "timeout" => ScriptedResponse.NoAnswer,
            "204" => new ScriptedResponse(204),
            _ => ScriptedResponse.Error(int.Parse(answer, CultureInfo.InvariantCulture), null, "the broker broke"),
        });

        var instance = await ProvisionAsync(marketplace);
        var failed = await WaitForStateAsync(marketplace, instance, "failed");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        var delete = await WaitForBrokerRequestAsync(
            marketplace, r => r.Operation == OsbOperation.Deprovision && r.InstanceId == instance["id"]!.ToString());
        delete.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
        delete.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
    }

    [Fact]
    [Trait("Checklist", "B14")]
    [Trait("Checklist", "N94")]
    public async Task A_ConcurrencyError_is_retried_later_with_the_identical_request_and_never_orphan_mitigated()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, ScriptedResponse.Error(422, "ConcurrencyError", "another operation is running"));

        var instance = await ProvisionAsync(marketplace, parameters: new { storage_gb = 3 });
        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");

        var puts = marketplace.Broker.RequestsFor(OsbOperation.Provision);
        puts.Select(p => p.ResponseStatus).ShouldBe([422, 201]);
        puts[1].RawTarget.ShouldBe(puts[0].RawTarget, "the same instance id, never a new one");
        puts[1].Body.ShouldBe(puts[0].Body, "the retry is byte-identical");
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "E48")]
    [Trait("Checklist", "N94")]
    public async Task A_resent_PUT_that_finds_the_broker_still_working_gets_the_same_operation_and_is_polled_to_the_end()
    {
        await using var marketplace = await SetUpAsync();
        var broker = marketplace.Broker;
        broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(1));
        // The marketplace's first PUT is answered with ConcurrencyError, slowly: meanwhile an identical PUT (ours,
        // standing in for a first attempt whose answer got lost) starts the provision at the broker.
        broker.Script(OsbOperation.Provision, ScriptedResponse.Error(422, "ConcurrencyError", "busy", delay: TimeSpan.FromSeconds(2)));

        var instance = await ProvisionAsync(marketplace);
        var first = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Provision);
        var operation = await SendDirectlyAsync(broker, first);

        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        var ours = broker.RequestsFor(OsbOperation.Provision).Where(r => r.Header("X-Test-Direct") is null).ToList();
        ours.Select(r => r.ResponseStatus).ShouldBe([422, 202], "the resend found the provision running");
        ours[1].RawTarget.ShouldBe(ours[0].RawTarget);
        ours[1].Body.ShouldBe(ours[0].Body);
        var polls = broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.ShouldNotBeEmpty();
        polls.ShouldAllBe(p => p.QueryValue("operation") == operation, "the operation of the resent PUT's 202 is the one polled");
        broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "B14")]
    [Trait("Checklist", "E46")]
    [Trait("Checklist", "N96")]
    public async Task A_MaintenanceInfoConflict_fails_the_provision_and_refreshes_the_catalog()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, ScriptedResponse.Error(422, "MaintenanceInfoConflict", "maintenance_info 1.2.0 is outdated"));

        var instance = await ProvisionAsync(marketplace);
        var failed = await WaitForStateAsync(marketplace, instance, "failed");
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("maintenance_info 1.2.0 is outdated");
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Catalog);

        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Provision).Count.ShouldBe(1);
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "B14")]
    public async Task A_RequiresApp_on_a_bind_fails_the_binding_with_the_brokers_description()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.Script(OsbOperation.Bind, ScriptedResponse.Error(422, "RequiresApp", "this service binds to apps only"));

        var binding = await BindAsync(marketplace, instance);
        var failed = await WaitForBindingAsync(marketplace, instance, binding, "failed");
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("this service binds to apps only");

        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Bind).Count.ShouldBe(1);
        marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "B14")]
    [Trait("Checklist", "D29")]
    public async Task A_broker_that_requires_async_is_never_answered_AsyncRequired_because_we_always_accept_incomplete()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(0));

        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        var put = marketplace.Broker.RequestsFor(OsbOperation.Provision).Single();
        put.ResponseStatus.ShouldBe(202, "the fake broker answers 422 AsyncRequired without accepts_incomplete=true");
    }

    // ---- What the API refuses before calling the broker ----

    [Theory]
    [InlineData("""{"storage_gb": 1000}""", "parameters.storage_gb")]
    [InlineData("""{"storage_gb": 0}""", "parameters.storage_gb")]
    [InlineData("""{"storage_gb": "ten"}""", "parameters.storage_gb")]
    [InlineData("""{"engine": "oracle"}""", "parameters.engine")]
    [InlineData("""{"colour": "red"}""", "parameters.colour")]
    public async Task Parameters_that_fail_the_plans_schema_are_refused_per_field_and_never_sent(string parameters, string field)
    {
        await using var marketplace = await SetUpAsync();

        var problem = await ExpectProblem(
            await SendProvisionAsync(marketplace, parameters: JsonNode.Parse(parameters)), HttpStatusCode.BadRequest, "parameters.invalid");
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe([field], problem.ToJsonString());
        errors[field]!.AsArray().ShouldNotBeEmpty();

        await AssertNothingProvisionedAsync(marketplace);
    }

    [Fact]
    public async Task Every_schema_error_is_listed_and_valid_parameters_are_sent_as_given()
    {
        await using var marketplace = await SetUpAsync();

        var problem = await ExpectProblem(
            await SendProvisionAsync(marketplace, parameters: new { storage_gb = 101, engine = "oracle", colour = "red" }),
            HttpStatusCode.BadRequest, "parameters.invalid");
        problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList()
            .ShouldBe(["parameters.colour", "parameters.engine", "parameters.storage_gb"], customMessage: problem.ToJsonString());
        await AssertNothingProvisionedAsync(marketplace);

        var instance = await ProvisionAsync(marketplace, parameters: new { storage_gb = 100, engine = "mysql" });
        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        var sent = JsonNode.Parse(marketplace.Broker.RequestsFor(OsbOperation.Provision).Single().Body)!["parameters"];
        JsonNode.DeepEquals(sent, JsonNode.Parse("""{"storage_gb":100,"engine":"mysql"}""")).ShouldBeTrue(sent?.ToJsonString());
        JsonNode.DeepEquals(ready["parameters"], sent).ShouldBeTrue(ready.ToJsonString());
    }

    [Fact]
    public async Task A_name_taken_in_the_project_is_a_409()
    {
        await using var marketplace = await SetUpAsync();
        var name = Unique("db");
        var first = await ProvisionAsync(marketplace, name: name);

        await ExpectProblem(await SendProvisionAsync(marketplace, name: name), HttpStatusCode.Conflict, "instance.name_taken");
        await WaitForStateAsync(marketplace, first, "ready");
        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.Provision).Single().InstanceId.ShouldBe(first["id"]!.ToString());
    }

    [Fact]
    [Trait("Checklist", "E42")]
    public async Task Unknown_services_and_plans_and_plans_of_another_service_are_404s()
    {
        await using var marketplace = await SetUpAsync();
        var member = marketplace.Tenant.Member;
        var serviceId = marketplace.ServiceId(SampleCatalog.DatabaseServiceId);

        await ExpectProblem(
            await member.PostAsJsonAsync(marketplace.InstancesUrl, new { name = Unique("db"), serviceId = Guid.NewGuid(), planId = marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseSmallPlanId) }),
            HttpStatusCode.NotFound, "service.not_found");
        await ExpectProblem(
            await member.PostAsJsonAsync(marketplace.InstancesUrl, new { name = Unique("db"), serviceId, planId = Guid.NewGuid() }),
            HttpStatusCode.NotFound, "plan.not_found");
        await ExpectProblem(
            await member.PostAsJsonAsync(marketplace.InstancesUrl, new { name = Unique("db"), serviceId, planId = marketplace.PlanId(SampleCatalog.CacheServiceId, SampleCatalog.CacheBasicPlanId) }),
            HttpStatusCode.NotFound, "plan.not_found");

        await AssertNothingProvisionedAsync(marketplace);
    }

    [Fact]
    public async Task A_service_of_another_tenants_private_broker_is_a_404()
    {
        await using var marketplace = await SetUpAsync();
        await using var other = await SetUpAsync();

        await ExpectProblem(
            await marketplace.Tenant.Member.PostAsJsonAsync(marketplace.InstancesUrl, new
            {
                name = Unique("db"),
                serviceId = other.ServiceId(SampleCatalog.DatabaseServiceId),
                planId = other.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseSmallPlanId),
            }),
            HttpStatusCode.NotFound, "service.not_found");

        await AssertNothingProvisionedAsync(marketplace);
        other.Broker.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_name_or_a_malformed_body_is_a_400()
    {
        await using var marketplace = await SetUpAsync();
        var member = marketplace.Tenant.Member;

        var missingName = await ExpectProblem(
            await member.PostAsJsonAsync(marketplace.InstancesUrl, new
            {
                serviceId = marketplace.ServiceId(SampleCatalog.DatabaseServiceId),
                planId = marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseSmallPlanId),
            }),
            HttpStatusCode.BadRequest, "validation.failed");
        missingName["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => string.Equals(k, "name", StringComparison.OrdinalIgnoreCase), missingName.ToJsonString());

        using var malformed = new StringContent("""{ "name": "db", "serviceId": """, Encoding.UTF8, "application/json");
        await ExpectProblem(await member.PostAsync(marketplace.InstancesUrl, malformed), HttpStatusCode.BadRequest, "validation.failed");

        await AssertNothingProvisionedAsync(marketplace);
    }

    // ---- Helpers ----

    /// <summary>Nothing reaches the broker within the quiet period and the project has no instance.</summary>
    private static async Task AssertNothingProvisionedAsync(BrokerSetup marketplace)
    {
        await Task.Delay(QuietPeriod);
        marketplace.Broker.Requests.ShouldBeEmpty();
        var list = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(0);
    }

    /// <summary>The platform token and the decoded JSON object of <c>X-Broker-API-Originating-Identity</c>.</summary>
    private static (string Platform, JsonObject Identity) OriginatingIdentity(RecordedRequest request)
    {
        var header = request.Header("X-Broker-API-Originating-Identity").ShouldNotBeNull($"{request} carries an originating identity");
        var parts = header.Split(' ');
        parts.Length.ShouldBe(2, $"'<platform> <base64>' with a single space: {header}");
        var identity = JsonNode.Parse(Convert.FromBase64String(parts[1])) as JsonObject;
        return (parts[0], identity.ShouldNotBeNull($"the value is Base64 of a JSON object: {header}"));
    }

    /// <summary>Sends a copy of <paramref name="request"/> straight to the broker; answers the <c>operation</c> of its 202.</summary>
    private static async Task<string> SendDirectlyAsync(FakeOsbBroker broker, RecordedRequest request)
    {
        using var http = new HttpClient { BaseAddress = broker.BaseAddress };
        using var copy = new HttpRequestMessage(new HttpMethod(request.Method), request.RawTarget)
        {
            Content = new StringContent(request.Body, Encoding.UTF8, "application/json"),
        };
        copy.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("osb-user:osb-secret")));
        copy.Headers.Add("X-Broker-API-Version", "2.17");
        copy.Headers.Add("X-Test-Direct", "true");
        var answer = await Expect(await http.SendAsync(copy), HttpStatusCode.Accepted);
        return answer["operation"]!.GetValue<string>();
    }

    /// <summary>A request target of unreserved characters, '/', '?', '&amp;', '=' and percent-escapes only (RFC 3986).</summary>
    [GeneratedRegex("^[A-Za-z0-9\\-._~/?&=]*(%[0-9A-Fa-f]{2}[A-Za-z0-9\\-._~/?&=]*)*$")]
    private static partial Regex UnreservedOrPercentEncoded();
}

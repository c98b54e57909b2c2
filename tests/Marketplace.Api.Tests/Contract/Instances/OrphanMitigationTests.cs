using System.Net;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Checklist section L (orphan mitigation), the quick matrix and N92 (timeouts): every call that changes an instance
/// or binding against every kind of broker answer, as one table — what the resource and its last operation end as,
/// whether the marketplace sends a DELETE to clean up after a failed create, and whether it sends the call again. Then
/// the tests L87 asks for one by one, and Done-when 4: a broker that never answers, and one that never finishes.
/// </summary>
public sealed class OrphanMitigationTests(AppFixture app) : InstanceTest(app)
{
    private const string OriginatingIdentityHeader = "X-Broker-API-Originating-Identity";
    private const string Ready = "ready";
    private const string Failed = "failed";
    private const string Gone = "gone";
    private const string Succeeded = "succeeded";
    private static readonly TimeSpan RowWait = TimeSpan.FromSeconds(10);

    /// <summary>The marketplace calls of the matrix's rows.</summary>
    public enum BrokerCall
    {
        PutInstance,
        PutBinding,
        PatchInstance,
        DeleteInstance,
        DeleteBinding,
    }

    /// <summary>The broker answers of the matrix's columns (a timeout is a scripted answer slower than the 1 s request timeout).</summary>
    public enum Answer
    {
        Status200,
        Status200Malformed,
        Status201,
        Status201Malformed,
        Status202,
        Status202Malformed,
        Status204,
        Status400,
        Status404,
        Status408,
        Status409,
        Status410,
        Status422ConcurrencyError,
        Status422Other,
        Status500,
        Status503,
        Timeout,
    }

    /// <summary>
    /// Call, broker answer → the resource's state (<c>gone</c>: its GET answers 404), its <c>lastOperation.state</c>
    /// (null: not asserted), whether a DELETE/unbind follows (orphan mitigation after a failed create), and whether the
    /// marketplace sends the same call again (ConcurrencyError; a delete that did not clearly succeed or fail). Retries and
    /// polls meet the fake broker's default behaviour, so they succeed.
    /// </summary>
    public static TheoryData<BrokerCall, Answer, string, string?, bool, bool> Matrix => new()
    {
        // PUT instance (E43–E47, L83, L86): 200/201 ok, 202 polls; malformed 201/202, other 2xx, 5xx and timeouts fail and
        // are mitigated; a malformed 200 and every 4xx fail without; ConcurrencyError is sent again, never mitigated.
        { BrokerCall.PutInstance, Answer.Status200, Ready, Succeeded, false, false },
        { BrokerCall.PutInstance, Answer.Status200Malformed, Failed, Failed, false, false },
        { BrokerCall.PutInstance, Answer.Status201, Ready, Succeeded, false, false },
        { BrokerCall.PutInstance, Answer.Status201Malformed, Failed, Failed, true, false },
        { BrokerCall.PutInstance, Answer.Status202, Ready, Succeeded, false, false },
        { BrokerCall.PutInstance, Answer.Status202Malformed, Failed, Failed, true, false },
        { BrokerCall.PutInstance, Answer.Status204, Failed, Failed, true, false },
        { BrokerCall.PutInstance, Answer.Status400, Failed, Failed, false, false },
        { BrokerCall.PutInstance, Answer.Status404, Failed, Failed, false, false },
        { BrokerCall.PutInstance, Answer.Status408, Failed, Failed, false, false },
        { BrokerCall.PutInstance, Answer.Status409, Failed, Failed, false, false },
        { BrokerCall.PutInstance, Answer.Status410, Failed, Failed, false, false },
        { BrokerCall.PutInstance, Answer.Status422ConcurrencyError, Ready, Succeeded, false, true },
        { BrokerCall.PutInstance, Answer.Status422Other, Failed, Failed, false, false },
        { BrokerCall.PutInstance, Answer.Status500, Failed, Failed, true, false },
        { BrokerCall.PutInstance, Answer.Status503, Failed, Failed, true, false },
        { BrokerCall.PutInstance, Answer.Timeout, Failed, Failed, true, false },

        // PUT binding (I69–I74, L84, L86): as PUT instance; the mitigation is an unbind.
        { BrokerCall.PutBinding, Answer.Status200, Ready, Succeeded, false, false },
        { BrokerCall.PutBinding, Answer.Status200Malformed, Failed, Failed, false, false },
        { BrokerCall.PutBinding, Answer.Status201, Ready, Succeeded, false, false },
        { BrokerCall.PutBinding, Answer.Status201Malformed, Failed, Failed, true, false },
        { BrokerCall.PutBinding, Answer.Status202, Ready, Succeeded, false, false },
        { BrokerCall.PutBinding, Answer.Status202Malformed, Failed, Failed, true, false },
        { BrokerCall.PutBinding, Answer.Status204, Failed, Failed, true, false },
        { BrokerCall.PutBinding, Answer.Status400, Failed, Failed, false, false },
        { BrokerCall.PutBinding, Answer.Status404, Failed, Failed, false, false },
        { BrokerCall.PutBinding, Answer.Status408, Failed, Failed, false, false },
        { BrokerCall.PutBinding, Answer.Status409, Failed, Failed, false, false },
        { BrokerCall.PutBinding, Answer.Status410, Failed, Failed, false, false },
        { BrokerCall.PutBinding, Answer.Status422ConcurrencyError, Ready, Succeeded, false, true },
        { BrokerCall.PutBinding, Answer.Status422Other, Failed, Failed, false, false },
        { BrokerCall.PutBinding, Answer.Status500, Failed, Failed, true, false },
        { BrokerCall.PutBinding, Answer.Status503, Failed, Failed, true, false },
        { BrokerCall.PutBinding, Answer.Timeout, Failed, Failed, true, false },

        // PATCH instance (G56–G57, L86, checklist P1): only 200 and a polled 202 succeed; every failure returns the instance to ready
        // and is never mitigated. A malformed 200 must not be mitigated; whether it counts as success is not asserted.
        { BrokerCall.PatchInstance, Answer.Status200, Ready, Succeeded, false, false },
        { BrokerCall.PatchInstance, Answer.Status200Malformed, Ready, null, false, false },
        { BrokerCall.PatchInstance, Answer.Status201, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status201Malformed, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status202, Ready, Succeeded, false, false },
        { BrokerCall.PatchInstance, Answer.Status202Malformed, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status204, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status400, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status404, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status408, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status409, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status410, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status422ConcurrencyError, Ready, Succeeded, false, true },
        { BrokerCall.PatchInstance, Answer.Status422Other, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status500, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Status503, Ready, Failed, false, false },
        { BrokerCall.PatchInstance, Answer.Timeout, Ready, Failed, false, false },

        // DELETE instance (H62–H63, L85): 200 and 410 are gone, 202 polls; 4xx fail and keep the instance; other 2xx,
        // malformed 202, ConcurrencyError, 5xx and timeouts keep it deleting and are sent again (here: until 200).
        { BrokerCall.DeleteInstance, Answer.Status200, Gone, null, false, false },
        { BrokerCall.DeleteInstance, Answer.Status200Malformed, Gone, null, false, false },
        { BrokerCall.DeleteInstance, Answer.Status201, Gone, null, false, true },
        { BrokerCall.DeleteInstance, Answer.Status201Malformed, Gone, null, false, true },
        { BrokerCall.DeleteInstance, Answer.Status202, Gone, null, false, false },
        { BrokerCall.DeleteInstance, Answer.Status202Malformed, Gone, null, false, true },
        { BrokerCall.DeleteInstance, Answer.Status204, Gone, null, false, true },
        { BrokerCall.DeleteInstance, Answer.Status400, Ready, Failed, false, false },
        { BrokerCall.DeleteInstance, Answer.Status404, Ready, Failed, false, false },
        { BrokerCall.DeleteInstance, Answer.Status408, Ready, Failed, false, false },
        { BrokerCall.DeleteInstance, Answer.Status409, Ready, Failed, false, false },
        { BrokerCall.DeleteInstance, Answer.Status410, Gone, null, false, false },
        { BrokerCall.DeleteInstance, Answer.Status422ConcurrencyError, Gone, null, false, true },
        { BrokerCall.DeleteInstance, Answer.Status422Other, Ready, Failed, false, false },
        { BrokerCall.DeleteInstance, Answer.Status500, Gone, null, false, true },
        { BrokerCall.DeleteInstance, Answer.Status503, Gone, null, false, true },
        { BrokerCall.DeleteInstance, Answer.Timeout, Gone, null, false, true },

        // DELETE binding (K79–K80, L85): as DELETE instance.
        { BrokerCall.DeleteBinding, Answer.Status200, Gone, null, false, false },
        { BrokerCall.DeleteBinding, Answer.Status200Malformed, Gone, null, false, false },
        { BrokerCall.DeleteBinding, Answer.Status201, Gone, null, false, true },
        { BrokerCall.DeleteBinding, Answer.Status201Malformed, Gone, null, false, true },
        { BrokerCall.DeleteBinding, Answer.Status202, Gone, null, false, false },
        { BrokerCall.DeleteBinding, Answer.Status202Malformed, Gone, null, false, true },
        { BrokerCall.DeleteBinding, Answer.Status204, Gone, null, false, true },
        { BrokerCall.DeleteBinding, Answer.Status400, Ready, Failed, false, false },
        { BrokerCall.DeleteBinding, Answer.Status404, Ready, Failed, false, false },
        { BrokerCall.DeleteBinding, Answer.Status408, Ready, Failed, false, false },
        { BrokerCall.DeleteBinding, Answer.Status409, Ready, Failed, false, false },
        { BrokerCall.DeleteBinding, Answer.Status410, Gone, null, false, false },
        { BrokerCall.DeleteBinding, Answer.Status422ConcurrencyError, Gone, null, false, true },
        { BrokerCall.DeleteBinding, Answer.Status422Other, Ready, Failed, false, false },
        { BrokerCall.DeleteBinding, Answer.Status500, Gone, null, false, true },
        { BrokerCall.DeleteBinding, Answer.Status503, Gone, null, false, true },
        { BrokerCall.DeleteBinding, Answer.Timeout, Gone, null, false, true },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    [Trait("Checklist", "L82")]
    [Trait("Checklist", "L83")]
    [Trait("Checklist", "L84")]
    [Trait("Checklist", "L85")]
    [Trait("Checklist", "L86")]
    [Trait("Checklist", "E43")]
    [Trait("Checklist", "E46")]
    [Trait("Checklist", "E47")]
    [Trait("Checklist", "G56")]
    [Trait("Checklist", "G57")]
    [Trait("Checklist", "H62")]
    [Trait("Checklist", "H63")]
    [Trait("Checklist", "I74")]
    [Trait("Checklist", "K79")]
    [Trait("Checklist", "K80")]
    [Trait("Checklist", "N92")]
    public async Task Each_broker_answer_leads_to_the_outcome_of_the_checklist_matrix(
        BrokerCall call, Answer answer, string state, string? lastOperation, bool orphanMitigation, bool sentAgain)
    {
        await using var marketplace = await SetUpAsync(requestTimeoutSeconds: answer == Answer.Timeout ? 1 : null);
        var (instance, binding) = await PrepareAsync(marketplace, call);
        var broker = marketplace.Broker;
        broker.Reset();
        var operation = OperationOf(call);
        Arrange(broker, operation, answer);

        var url = await StartAsync(marketplace, call, instance, binding);
        var seen = await WaitForAsync(marketplace.Tenant.Member, url, HasSettled, RowWait);
        await WaitForNoOperationsAsync(marketplace); // a mitigation or retry in flight has ended too

        var because = $"{call} answered {answer}: {seen.ToJsonString()}";
        if (state == Gone)
        {
            seen["gone"].ShouldNotBeNull(because);
        }
        else
        {
            seen["state"]!.GetValue<string>().ShouldBe(state, because);
            if (lastOperation is not null)
            {
                seen["lastOperation"]!["state"]!.GetValue<string>().ShouldBe(lastOperation, because);
            }
        }

        var sent = broker.RequestsFor(operation);
        if (sentAgain)
        {
            sent.Count.ShouldBeGreaterThan(1, because);
        }
        else
        {
            sent.Count.ShouldBe(1, because);
        }

        if (answer == Answer.Status202)
        {
            broker.Requests.ShouldContain(r => r.Operation == OsbOperation.InstanceLastOperation || r.Operation == OsbOperation.BindingLastOperation, because);
        }

        if (call is BrokerCall.PutInstance or BrokerCall.PutBinding or BrokerCall.PatchInstance)
        {
            var mitigation = broker.RequestsFor(call == BrokerCall.PutBinding ? OsbOperation.Unbind : OsbOperation.Deprovision);
            if (orphanMitigation)
            {
                var delete = mitigation.ShouldHaveSingleItem(because);
                delete.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
                delete.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
                delete.Header(OriginatingIdentityHeader).ShouldBeNull(because);
            }
            else
            {
                mitigation.ShouldBeEmpty(because);
            }
        }
    }

    [Fact]
    [Trait("Checklist", "L83")]
    public async Task A_bind_answered_with_10_MB_fails_with_a_clear_reason_is_orphan_mitigated_and_keeps_nothing_of_it()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        var huge = new JsonObject { ["credentials"] = new JsonObject { ["password"] = new string('p', 10 * 1024 * 1024) } }.ToJsonString();
        marketplace.Broker.Script(OsbOperation.Bind, new ScriptedResponse(201, huge));

        var binding = await BindAsync(marketplace, instance);
        var failed = await WaitForBindingAsync(marketplace, instance, binding, "failed");

        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("larger than 1048576 bytes", customMessage: failed.ToJsonString());
        failed["credentials"].ShouldBeNull();
        var unbind = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Unbind);
        unbind.BindingId.ShouldBe(binding["id"]!.ToString());
        await WaitForNoOperationsAsync(marketplace);
        var stored = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK);
        stored.ToJsonString().Length.ShouldBeLessThan(10_000, "nothing of the answer is stored");
    }

    [Fact]
    [Trait("Checklist", "L82")]
    [Trait("Checklist", "L83")]
    [Trait("Checklist", "L87")]
    [Trait("Checklist", "E47")]
    public async Task A_500_on_provision_is_mitigated_by_one_DELETE_with_service_and_plan_ids_and_no_originating_identity_and_never_provisioned_again()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, ScriptedResponse.Error(500, null, "fake broker: boom"));

        var instance = await ProvisionAsync(marketplace);
        var failed = await WaitForStateAsync(marketplace, instance, "failed");
        failed["usable"]!.GetValue<bool>().ShouldBeFalse();
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("boom");

        var delete = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Deprovision);
        delete.InstanceId.ShouldBe(instance["id"]!.ToString());
        delete.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
        delete.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        delete.Header(OriginatingIdentityHeader).ShouldBeNull("orphan mitigation has no user behind it (L82)");
        var put = marketplace.Broker.RequestsFor(OsbOperation.Provision).ShouldHaveSingleItem();
        put.Header(OriginatingIdentityHeader).ShouldNotBeNull("the user's own request carries the identity");

        await WaitForNoOperationsAsync(marketplace);
        await Task.Delay(TimeSpan.FromSeconds(1));
        marketplace.Broker.RequestsFor(OsbOperation.Provision).Count.ShouldBe(1, "a failed provision is not retried by itself (checklist P3)");
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).Count.ShouldBe(1);
        (await WaitForStateAsync(marketplace, instance, "failed"))["state"]!.GetValue<string>().ShouldBe("failed", "the failed record stays for the user");
    }

    [Fact]
    [Trait("Checklist", "L86")]
    [Trait("Checklist", "L87")]
    public async Task A_422_ConcurrencyError_on_provision_is_sent_again_later_and_never_mitigated()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.Script(OsbOperation.Provision, ScriptedResponse.Error(422, "ConcurrencyError", "fake broker: another operation runs"));

        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        await WaitForNoOperationsAsync(marketplace);

        var puts = marketplace.Broker.RequestsFor(OsbOperation.Provision);
        puts.Count.ShouldBe(2);
        puts[1].Body.ShouldBe(puts[0].Body, "the same request is sent again (N94)");
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "L84")]
    [Trait("Checklist", "L87")]
    [Trait("Checklist", "I74")]
    [Trait("Checklist", "N92")]
    public async Task A_bind_that_sleeps_past_the_request_timeout_is_unbound()
    {
        await using var marketplace = await SetUpAsync(requestTimeoutSeconds: 1);
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.Script(
            OsbOperation.Bind, new ScriptedResponse(201, """{"credentials":{"uri":"fake://late"}}""", TimeSpan.FromSeconds(3)));

        var binding = await BindAsync(marketplace, instance);
        var failed = await WaitForBindingAsync(marketplace, instance, binding, "failed", RowWait);
        failed["credentials"].ShouldBeNull();

        var unbind = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Unbind);
        unbind.BindingId.ShouldBe(binding["id"]!.ToString());
        unbind.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId);
        unbind.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId);
        unbind.Header(OriginatingIdentityHeader).ShouldBeNull();
        marketplace.Broker.RequestsFor(OsbOperation.Bind).ShouldHaveSingleItem().Aborted.ShouldBeTrue("the marketplace gave up waiting");
        await WaitForNoOperationsAsync(marketplace);
    }

    [Fact]
    [Trait("Checklist", "L86")]
    [Trait("Checklist", "L87")]
    [Trait("Checklist", "G57")]
    public async Task A_500_on_update_fails_it_without_any_DELETE()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.Script(OsbOperation.Update, ScriptedResponse.Error(500, null, "fake broker: update exploded"));

        await Expect(await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 7 } }), HttpStatusCode.Accepted);
        var failed = await WaitForStateAsync(marketplace, instance, "ready");
        failed["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("update");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        await WaitForNoOperationsAsync(marketplace);

        await Task.Delay(TimeSpan.FromSeconds(1));
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty("updates are never orphan-mitigated (checklist P1)");
        marketplace.Broker.Instances.ShouldContain(i => i.Id == instance["id"]!.ToString());
    }

    [Fact]
    [Trait("Checklist", "L82")]
    [Trait("Checklist", "L87")]
    public async Task A_failing_orphan_mitigation_DELETE_is_retried_with_backoff_until_the_broker_confirms()
    {
        await using var marketplace = await SetUpAsync();
        var broker = marketplace.Broker;
        broker.Script(OsbOperation.Provision, ScriptedResponse.Error(500, null, "fake broker: boom"));
        broker.Script(
            OsbOperation.Deprovision,
            ScriptedResponse.Error(500, null, "fake broker: still broken"),
            ScriptedResponse.Error(500, null, "fake broker: still broken"),
            new ScriptedResponse(200, "{}"));

        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "failed");
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Deprovision && r.ResponseStatus == 200);
        await WaitForNoOperationsAsync(marketplace);

        var deletes = broker.RequestsFor(OsbOperation.Deprovision);
        deletes.Select(d => d.ResponseStatus).ShouldBe([500, 500, 200]);
        deletes.ShouldAllBe(d => d.Header(OriginatingIdentityHeader) == null);
        // Backoff (test settings: 0.2 s, doubling, counted from the start of the failed attempt): the second wait is longer
        // than the first one can be. Lower bounds only — a busy machine only adds time.
        (deletes[1].ReceivedAt - deletes[0].ReceivedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        (deletes[2].ReceivedAt - deletes[1].ReceivedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));

        await Task.Delay(TimeSpan.FromSeconds(1));
        broker.RequestsFor(OsbOperation.Deprovision).Count.ShouldBe(3, "the broker confirmed; nothing more is sent");
    }

    [Fact]
    [Trait("Checklist", "L83")]
    [Trait("Checklist", "N92")]
    [Trait("Checklist", "E47")]
    public async Task A_broker_that_never_answers_the_provision_fails_it_within_the_request_timeout_and_mitigates()
    {
        await using var marketplace = await SetUpAsync(requestTimeoutSeconds: 1);
        marketplace.Broker.NeverAnswer(OsbOperation.Provision);

        var instance = await ProvisionAsync(marketplace);
        var failed = await WaitForStateAsync(marketplace, instance, "failed", TimeSpan.FromSeconds(6));
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");

        var delete = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Deprovision, TimeSpan.FromSeconds(5));
        delete.InstanceId.ShouldBe(instance["id"]!.ToString());
        marketplace.Broker.RequestsFor(OsbOperation.Provision).ShouldHaveSingleItem().Aborted.ShouldBeTrue();
        await WaitForNoOperationsAsync(marketplace);
    }

    [Fact]
    [Trait("Checklist", "D38")]
    [Trait("Checklist", "L83")]
    public async Task An_async_provision_still_in_progress_at_the_plans_maximum_polling_duration_fails_and_is_mitigated()
    {
        var catalog = SampleCatalog.Create();
        SmallPlan(catalog)["maximum_polling_duration"] = 2;
        await using var marketplace = await SetUpAsync(catalog);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = int.MaxValue });

        var instance = await ProvisionAsync(marketplace);
        var failed = await WaitForStateAsync(marketplace, instance, "failed", TimeSpan.FromSeconds(8));
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("maximum polling duration");
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).ShouldNotBeEmpty();

        var delete = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Deprovision, TimeSpan.FromSeconds(5));
        delete.InstanceId.ShouldBe(instance["id"]!.ToString());
        await WaitForNoOperationsAsync(marketplace);
        marketplace.Broker.Instances.ShouldNotContain(i => i.Id == instance["id"]!.ToString(), "the mitigation removed what the broker had started");
    }

    private static JsonObject SmallPlan(JsonNode catalog) =>
        catalog["services"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!["plans"]!.AsArray()
            .Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId)!.AsObject();

    /// <summary>The instance (and binding) the call needs: none for a provision, a ready instance, or a ready binding.</summary>
    private static async Task<(JsonObject? Instance, JsonObject? Binding)> PrepareAsync(BrokerSetup marketplace, BrokerCall call)
    {
        if (call == BrokerCall.PutInstance)
        {
            return (null, null);
        }

        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        if (call != BrokerCall.DeleteBinding)
        {
            return (instance, null);
        }

        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
        return (instance, binding);
    }

    /// <summary>Makes the row's call (accepted with 202) and answers the URL of the resource it changes.</summary>
    private static async Task<string> StartAsync(BrokerSetup marketplace, BrokerCall call, JsonObject? instance, JsonObject? binding)
    {
        var member = marketplace.Tenant.Member;
        switch (call)
        {
            case BrokerCall.PutInstance:
                return marketplace.InstanceUrl(await ProvisionAsync(marketplace));
            case BrokerCall.PutBinding:
                return marketplace.BindingUrl(instance!, await BindAsync(marketplace, instance!));
            case BrokerCall.PatchInstance:
                await Expect(await PatchAsync(member, marketplace.InstanceUrl(instance!), new { parameters = new { storage_gb = 7 } }), HttpStatusCode.Accepted);
                return marketplace.InstanceUrl(instance!);
            case BrokerCall.DeleteInstance:
                (await Expect(await member.DeleteAsync(marketplace.InstanceUrl(instance!)), HttpStatusCode.Accepted))["state"]!.GetValue<string>().ShouldBe("deleting");
                return marketplace.InstanceUrl(instance!);
            default:
                (await Expect(await member.DeleteAsync(marketplace.BindingUrl(instance!, binding!)), HttpStatusCode.Accepted))["state"]!.GetValue<string>().ShouldBe("deleting");
                return marketplace.BindingUrl(instance!, binding!);
        }
    }

    private static OsbOperation OperationOf(BrokerCall call) => call switch
    {
        BrokerCall.PutInstance => OsbOperation.Provision,
        BrokerCall.PutBinding => OsbOperation.Bind,
        BrokerCall.PatchInstance => OsbOperation.Update,
        BrokerCall.DeleteInstance => OsbOperation.Deprovision,
        _ => OsbOperation.Unbind,
    };

    /// <summary>Scripts the broker's answer to the row's call; a valid 202 is the fake broker's own asynchronous mode.</summary>
    private static void Arrange(FakeOsbBroker broker, OsbOperation operation, Answer answer)
    {
        const string malformed = "<html>not json</html>";
        var valid = operation == OsbOperation.Bind ? """{"credentials":{"uri":"fake://scripted"}}""" : "{}";
        if (answer == Answer.Status202)
        {
            broker.RespondAsynchronously(operation, AsyncBehaviour.AfterPolls(1));
            return;
        }

        broker.Script(operation, answer switch
        {
            Answer.Status200 => new ScriptedResponse(200, valid),
            Answer.Status200Malformed => new ScriptedResponse(200, malformed),
            Answer.Status201 => new ScriptedResponse(201, valid),
            Answer.Status201Malformed => new ScriptedResponse(201, malformed),
            Answer.Status202Malformed => new ScriptedResponse(202, malformed),
            Answer.Status204 => new ScriptedResponse(204),
            Answer.Status422ConcurrencyError => ScriptedResponse.Error(422, "ConcurrencyError", "fake broker: another operation runs"),
            Answer.Status422Other => ScriptedResponse.Error(422, "NotSupportedHere", "fake broker: refused"),
            Answer.Timeout => new ScriptedResponse(200, valid, TimeSpan.FromSeconds(3)),
            _ => ScriptedResponse.Error(StatusOf(answer), null, $"fake broker: {answer}"),
        });
    }

    private static int StatusOf(Answer answer) => answer switch
    {
        Answer.Status400 => 400,
        Answer.Status404 => 404,
        Answer.Status408 => 408,
        Answer.Status409 => 409,
        Answer.Status410 => 410,
        Answer.Status500 => 500,
        Answer.Status503 => 503,
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, null),
    };

    /// <summary>Gone, or in a state no operation is running in.</summary>
    private static bool HasSettled(JsonObject resource) =>
        resource["gone"] is not null ||
        (resource["state"]!.GetValue<string>() is not ("creating" or "updating" or "deleting") &&
         resource["lastOperation"]!["state"]!.GetValue<string>() != "inProgress");

    private static async Task WaitForNoOperationsAsync(BrokerSetup marketplace) =>
        await WaitForAsync(
            marketplace.Tenant.CustomerAdmin, $"/api/brokers/{marketplace.BrokerId}/operations",
            list => list["total"]!.GetValue<int>() == 0, RowWait);
}

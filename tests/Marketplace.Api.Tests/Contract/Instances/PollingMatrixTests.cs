using System.Net;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// The last two rows of the checklist's quick matrix, as tables: "GET last_operation" — every kind of poll answer
/// for each asynchronous call (provision, bind, update, deprovision, unbind): what ends the operation, what keeps
/// it polling with the poll error shown to the user, and that a normal <c>succeeded</c> ends it afterwards — and
/// "GET binding", the credentials fetch after an asynchronous bind. Then I72 (extra bind answer fields the
/// catalog does not ask for are accepted) and I73 (binds never carry <c>bind_resource</c>).
/// </summary>
public sealed class PollingMatrixTests(AppFixture app) : InstanceTest(app)
{
    private const string Ready = "ready";
    private const string Failed = "failed";
    private const string Gone = "gone";
    private const string Succeeded = "succeeded";
    private static readonly TimeSpan RowWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the fake broker holds back its own (unscripted) answers after the odd one, so the marketplace's state
    /// after the odd answer can be read while the next request is in flight (reading takes well under 0.1 s; it must also
    /// stay below the 1 s request timeout of the timeout rows).
    /// </summary>
    private static readonly TimeSpan ReadWindow = TimeSpan.FromMilliseconds(400);

    /// <summary>The asynchronous calls whose operation is polled.</summary>
    public enum AsyncCall
    {
        Provision,
        Bind,
        Update,
        Deprovision,
        Unbind,
    }

    /// <summary>
    /// The poll answers of the matrix's columns. The three 200 states are the fake broker's own answers; the others are
    /// scripted once, then the fake broker answers <c>succeeded</c>. A timeout is a scripted answer slower than the 1 s
    /// request timeout.
    /// </summary>
    public enum PollAnswer
    {
        InProgress,
        Succeeded,
        Failed,
        Status200Malformed,
        Status201,
        Status202,
        Status400,
        Status404,
        Status409,
        Status410,
        Status422,
        Status500,
        Timeout,
    }

    /// <summary>
    /// Call, poll answer → whether polling goes on after it (then the next poll's <c>succeeded</c> ends the operation),
    /// the resource's final state (<c>gone</c>: its GET answers 404) and its <c>lastOperation.state</c> (null when gone).
    /// </summary>
    public static TheoryData<AsyncCall, PollAnswer, bool, string, string?> Matrix => new()
    {
        // Provision (D33, D35, D37; L83: a failed poll is mitigated): 200 by state; 410 is no success for a create.
        { AsyncCall.Provision, PollAnswer.InProgress, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Succeeded, false, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Failed, false, Failed, Failed },
        { AsyncCall.Provision, PollAnswer.Status200Malformed, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Status201, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Status202, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Status400, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Status404, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Status409, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Status410, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Status422, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Status500, true, Ready, Succeeded },
        { AsyncCall.Provision, PollAnswer.Timeout, true, Ready, Succeeded },

        // Bind (D35: a 410 while binding keeps polling; L84: a failed poll is unbound).
        { AsyncCall.Bind, PollAnswer.InProgress, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Succeeded, false, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Failed, false, Failed, Failed },
        { AsyncCall.Bind, PollAnswer.Status200Malformed, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Status201, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Status202, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Status400, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Status404, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Status409, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Status410, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Status422, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Status500, true, Ready, Succeeded },
        { AsyncCall.Bind, PollAnswer.Timeout, true, Ready, Succeeded },

        // Update: a failed poll returns the instance to ready with the failure.
        { AsyncCall.Update, PollAnswer.InProgress, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Succeeded, false, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Failed, false, Ready, Failed },
        { AsyncCall.Update, PollAnswer.Status200Malformed, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Status201, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Status202, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Status400, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Status404, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Status409, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Status410, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Status422, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Status500, true, Ready, Succeeded },
        { AsyncCall.Update, PollAnswer.Timeout, true, Ready, Succeeded },

        // Deprovision (D35, D36): succeeded and 410 are gone; a failed poll keeps the instance; a 404 keeps polling (O97).
        { AsyncCall.Deprovision, PollAnswer.InProgress, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Succeeded, false, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Failed, false, Ready, Failed },
        { AsyncCall.Deprovision, PollAnswer.Status200Malformed, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Status201, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Status202, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Status400, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Status404, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Status409, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Status410, false, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Status422, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Status500, true, Gone, null },
        { AsyncCall.Deprovision, PollAnswer.Timeout, true, Gone, null },

        // Unbind: as deprovision.
        { AsyncCall.Unbind, PollAnswer.InProgress, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Succeeded, false, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Failed, false, Ready, Failed },
        { AsyncCall.Unbind, PollAnswer.Status200Malformed, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Status201, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Status202, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Status400, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Status404, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Status409, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Status410, false, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Status422, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Status500, true, Gone, null },
        { AsyncCall.Unbind, PollAnswer.Timeout, true, Gone, null },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    [Trait("Checklist", "D33")]
    [Trait("Checklist", "D35")]
    [Trait("Checklist", "D36")]
    [Trait("Checklist", "D37")]
    [Trait("Checklist", "L83")]
    [Trait("Checklist", "L84")]
    [Trait("Checklist", "N92")]
    public async Task Each_poll_answer_ends_the_operation_or_keeps_it_polling_as_the_checklist_matrix_says(
        AsyncCall call, PollAnswer answer, bool keepsPolling, string state, string? lastOperation)
    {
        await using var marketplace = await SetUpAsync(requestTimeoutSeconds: answer == PollAnswer.Timeout ? 1 : null);
        var (instance, binding) = await PrepareAsync(marketplace, call);
        var broker = marketplace.Broker;
        broker.Reset();
        var poll = call is AsyncCall.Bind or AsyncCall.Unbind ? OsbOperation.BindingLastOperation : OsbOperation.InstanceLastOperation;
        broker.RespondAsynchronously(OperationOf(call), new AsyncBehaviour
        {
            InProgressPolls = answer == PollAnswer.InProgress ? 1 : 0,
            Fails = answer == PollAnswer.Failed,
        });
        var shown = Shown(answer);
        if (shown is not null)
        {
            broker.Script(poll, Scripted(answer));
            broker.SetDelay(poll, ReadWindow);
        }

        var started = await StartAsync(marketplace, call, instance, binding);
        if (shown is not null && keepsPolling)
        {
            // The next poll is on its way, so the odd answer has been handled; it must not have ended the operation.
            var first = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == poll, RowWait);
            await WaitForBrokerRequestAsync(marketplace, r => r.Operation == poll && r.Sequence > first.Sequence, RowWait);
            await ExpectPollErrorShownAsync(marketplace, call, started, shown);
        }

        var seen = await WaitForAsync(marketplace.Tenant.Member, started.Url, HasSettled, RowWait);
        await WaitForNoOperationsAsync(marketplace); // an orphan mitigation in flight has ended too

        var polls = broker.RequestsFor(poll);
        var because = $"{call} polled with {answer}: {seen.ToJsonString()}; polls: {string.Join(", ", polls)}";
        if (state == Gone)
        {
            seen["gone"].ShouldNotBeNull(because);
        }
        else
        {
            seen["state"]!.GetValue<string>().ShouldBe(state, because);
            seen["lastOperation"]!["state"]!.GetValue<string>().ShouldBe(lastOperation, because);
            seen["lastOperation"]!["type"]!.GetValue<string>().ShouldBe(TypeOf(call), because);
        }

        polls.Count.ShouldBe(keepsPolling ? 2 : 1, because);
        polls[^1].ResponseStatus.ShouldBe(answer == PollAnswer.Status410 && !keepsPolling ? 410 : 200, because);
        polls.ShouldAllBe(p => p.QueryValue("service_id") == SampleCatalog.DatabaseServiceId, because);
        if (answer == PollAnswer.Timeout)
        {
            polls[0].Aborted.ShouldBeTrue(because);
        }

        if (call == AsyncCall.Bind && state == Ready)
        {
            var credentials = JsonNode.Parse(broker.Bindings.ShouldHaveSingleItem().CredentialsJson);
            JsonNode.DeepEquals(seen["credentials"], credentials).ShouldBeTrue(because);
        }

        if (call is AsyncCall.Provision or AsyncCall.Bind)
        {
            var mitigation = broker.RequestsFor(call == AsyncCall.Bind ? OsbOperation.Unbind : OsbOperation.Deprovision);
            if (answer == PollAnswer.Failed)
            {
                mitigation.ShouldHaveSingleItem(because).Header("X-Broker-API-Originating-Identity").ShouldBeNull(because);
            }
            else
            {
                mitigation.ShouldBeEmpty(because);
            }
        }
    }

    /// <summary>
    /// "GET binding" after an asynchronous bind succeeded: 200 → ready with the credentials; 404 (not visible yet) and any
    /// other status → the binding is kept creating and fetched again, and ready once the broker answers 200.
    /// </summary>
    [Theory]
    [InlineData(200)]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(400)]
    [InlineData(409)]
    [InlineData(410)]
    [Trait("Checklist", "I71")]
    [Trait("Checklist", "J77")]
    public async Task After_an_async_bind_the_credentials_are_fetched_until_the_broker_answers_200(int fetchStatus)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, Ready);
        var broker = marketplace.Broker;
        broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(0));
        if (fetchStatus != 200)
        {
            broker.Script(OsbOperation.FetchBinding, ScriptedResponse.Error(fetchStatus, null, $"fake broker: fetch answered {fetchStatus}"));
            broker.SetDelay(OsbOperation.FetchBinding, ReadWindow);
        }

        var binding = await BindAsync(marketplace, instance);
        var url = marketplace.BindingUrl(instance, binding);
        if (fetchStatus != 200)
        {
            var first = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.FetchBinding, RowWait);
            await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.FetchBinding && r.Sequence > first.Sequence, RowWait);
            var kept = await Expect(await marketplace.Tenant.Member.GetAsync(url), HttpStatusCode.OK);
            kept["state"]!.GetValue<string>().ShouldBe("creating", kept.ToJsonString());
            kept["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("inProgress", kept.ToJsonString());
            kept["lastOperation"]!["description"].ShouldNotBeNull(kept.ToJsonString());
            kept["lastOperation"]!["description"]!.GetValue<string>().ShouldContain($"HTTP {fetchStatus}", Case.Sensitive, kept.ToJsonString());
            kept["credentials"].ShouldBeNull();
        }

        var ready = await WaitForBindingAsync(marketplace, instance, binding, Ready, RowWait);
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe(Succeeded);
        var stored = broker.Bindings.ShouldHaveSingleItem();
        JsonNode.DeepEquals(ready["credentials"], JsonNode.Parse(stored.CredentialsJson)).ShouldBeTrue(ready.ToJsonString());

        var fetches = broker.RequestsFor(OsbOperation.FetchBinding);
        fetches.Select(f => f.ResponseStatus).ShouldBe(fetchStatus == 200 ? new int?[] { 200 } : [fetchStatus, 200]);
        fetches.ShouldAllBe(f => f.BindingId == binding["id"]!.ToString() && f.QueryValue("plan_id") == SampleCatalog.DatabaseSmallPlanId);
        await WaitForNoOperationsAsync(marketplace);
        broker.RequestsFor(OsbOperation.Unbind).ShouldBeEmpty("a binding the broker could not show yet is kept, not mitigated");
    }

    [Fact]
    [Trait("Checklist", "I72")]
    public async Task A_bind_answer_with_a_syslog_drain_and_volume_mounts_the_catalog_does_not_require_is_accepted()
    {
        await using var marketplace = await SetUpAsync();
        var service = marketplace.Broker.Catalog["services"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        (service["requires"]?.AsArray() ?? []).ShouldBeEmpty("the offering requires neither syslog_drain nor volume_mount");
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, Ready);
        marketplace.Broker.Script(OsbOperation.Bind, new ScriptedResponse(201, """
            {
              "credentials": { "uri": "fake://with-extras", "password": "s3cret" },
              "syslog_drain_url": "syslog-tls://logs.example.com:6514",
              "volume_mounts": [
                { "driver": "fake-nfs", "container_dir": "/data", "mode": "rw", "device_type": "shared", "device": { "volume_id": "vol-1" } }
              ]
            }
            """));

        var binding = await BindAsync(marketplace, instance);
        var ready = await WaitForBindingAsync(marketplace, instance, binding, Ready, RowWait);
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe(Succeeded);
        JsonNode.DeepEquals(ready["credentials"], JsonNode.Parse("""{ "uri": "fake://with-extras", "password": "s3cret" }""")).ShouldBeTrue(ready.ToJsonString());

        await WaitForNoOperationsAsync(marketplace);
        marketplace.Broker.RequestsFor(OsbOperation.Unbind).ShouldBeEmpty("the answer is accepted, not treated as invalid");
    }

    [Fact]
    [Trait("Checklist", "I73")]
    public async Task Bind_requests_never_carry_a_bind_resource_because_the_marketplace_binds_no_apps_or_routes()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, Ready);
        var synchronous = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, synchronous, Ready);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(0));
        var asynchronous = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, asynchronous, Ready);

        var binds = marketplace.Broker.RequestsFor(OsbOperation.Bind);
        binds.Count.ShouldBe(2);
        foreach (var bind in binds)
        {
            var body = JsonNode.Parse(bind.Body)!.AsObject();
            body.ContainsKey("bind_resource").ShouldBeFalse(bind.Body);
            body.ContainsKey("app_guid").ShouldBeFalse(bind.Body);
            body["service_id"]!.GetValue<string>().ShouldBe(SampleCatalog.DatabaseServiceId);
        }
    }

    // ---- Helpers ----

    /// <summary>The resource the row's call changes: its URL and ids.</summary>
    private sealed record Started(string Url, Guid InstanceId, Guid? BindingId);

    /// <summary>The instance (and binding) the call needs: none for a provision, a ready instance, or a ready binding.</summary>
    private static async Task<(JsonObject? Instance, JsonObject? Binding)> PrepareAsync(BrokerSetup marketplace, AsyncCall call)
    {
        if (call == AsyncCall.Provision)
        {
            return (null, null);
        }

        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, Ready);
        if (call != AsyncCall.Unbind)
        {
            return (instance, null);
        }

        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, Ready);
        return (instance, binding);
    }

    /// <summary>Makes the row's call (accepted with 202).</summary>
    private static async Task<Started> StartAsync(BrokerSetup marketplace, AsyncCall call, JsonObject? instance, JsonObject? binding)
    {
        var member = marketplace.Tenant.Member;
        switch (call)
        {
            case AsyncCall.Provision:
                var created = await ProvisionAsync(marketplace);
                return new Started(marketplace.InstanceUrl(created), created["id"]!.GetValue<Guid>(), null);
            case AsyncCall.Bind:
                var bound = await BindAsync(marketplace, instance!);
                return new Started(marketplace.BindingUrl(instance!, bound), instance!["id"]!.GetValue<Guid>(), bound["id"]!.GetValue<Guid>());
            case AsyncCall.Update:
                await Expect(await PatchAsync(member, marketplace.InstanceUrl(instance!), new { parameters = new { storage_gb = 7 } }), HttpStatusCode.Accepted);
                return new Started(marketplace.InstanceUrl(instance!), instance!["id"]!.GetValue<Guid>(), null);
            case AsyncCall.Deprovision:
                await Expect(await member.DeleteAsync(marketplace.InstanceUrl(instance!)), HttpStatusCode.Accepted);
                return new Started(marketplace.InstanceUrl(instance!), instance!["id"]!.GetValue<Guid>(), null);
            default:
                await Expect(await member.DeleteAsync(marketplace.BindingUrl(instance!, binding!)), HttpStatusCode.Accepted);
                return new Started(marketplace.BindingUrl(instance!, binding!), instance!["id"]!.GetValue<Guid>(), binding!["id"]!.GetValue<Guid>());
        }
    }

    /// <summary>
    /// While the next poll is held back: the resource is still in its operation, and the odd answer is shown to the user
    /// (<c>lastOperation.description</c>) and to the broker's owners (<c>lastError</c> of the operations list).
    /// </summary>
    private static async Task ExpectPollErrorShownAsync(BrokerSetup marketplace, AsyncCall call, Started started, string shown)
    {
        var resourceRead = marketplace.Tenant.Member.GetAsync(started.Url);
        var operationsRead = marketplace.Tenant.CustomerAdmin.GetAsync($"/api/brokers/{marketplace.BrokerId}/operations");
        var resource = await Expect(await resourceRead, HttpStatusCode.OK);
        var operations = await Expect(await operationsRead, HttpStatusCode.OK);

        var because = $"{call}: {resource.ToJsonString()}";
        resource["state"]!.GetValue<string>().ShouldBe(InProgressStateOf(call), because);
        resource["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("inProgress", because);
        resource["lastOperation"]!["description"].ShouldNotBeNull(because);
        resource["lastOperation"]!["description"]!.GetValue<string>().ShouldContain(shown, Case.Sensitive, because);

        var operation = operations["items"]!.AsArray().Select(o => o!.AsObject()).Single(o =>
            o["instanceId"]!.GetValue<Guid>() == started.InstanceId && o["bindingId"]?.GetValue<Guid>() == started.BindingId);
        operation["lastError"].ShouldNotBeNull(operation.ToJsonString());
        operation["lastError"]!.GetValue<string>().ShouldContain(shown, Case.Sensitive, operation.ToJsonString());
    }

    /// <summary>What the user must be shown of a scripted odd answer; null for the fake broker's own 200 answers.</summary>
    private static string? Shown(PollAnswer answer) => answer switch
    {
        PollAnswer.InProgress or PollAnswer.Succeeded or PollAnswer.Failed => null,
        PollAnswer.Timeout => "did not answer",
        PollAnswer.Status200Malformed => "malformed body (not JSON)",
        _ => $"HTTP {StatusOf(answer)}",
    };

    /// <summary>
    /// The odd answer. 201 and 202 claim <c>succeeded</c> and a timeout would too: the state counts only in a 200 that
    /// arrives.
    /// </summary>
    private static ScriptedResponse Scripted(PollAnswer answer)
    {
        const string claimsSuccess = """{"state":"succeeded"}""";
        return answer switch
        {
            PollAnswer.Status200Malformed => new ScriptedResponse(200, "<html>not json</html>"),
            PollAnswer.Status201 or PollAnswer.Status202 => new ScriptedResponse(StatusOf(answer), claimsSuccess),
            PollAnswer.Status410 => new ScriptedResponse(410, "{}"),
            PollAnswer.Timeout => new ScriptedResponse(200, claimsSuccess, TimeSpan.FromSeconds(3)),
            _ => ScriptedResponse.Error(StatusOf(answer), null, $"fake broker: poll answered {StatusOf(answer)}"),
        };
    }

    private static int StatusOf(PollAnswer answer) => answer switch
    {
        PollAnswer.Status200Malformed => 200,
        PollAnswer.Status201 => 201,
        PollAnswer.Status202 => 202,
        PollAnswer.Status400 => 400,
        PollAnswer.Status404 => 404,
        PollAnswer.Status409 => 409,
        PollAnswer.Status410 => 410,
        PollAnswer.Status422 => 422,
        PollAnswer.Status500 => 500,
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, null),
    };

    private static OsbOperation OperationOf(AsyncCall call) => call switch
    {
        AsyncCall.Provision => OsbOperation.Provision,
        AsyncCall.Bind => OsbOperation.Bind,
        AsyncCall.Update => OsbOperation.Update,
        AsyncCall.Deprovision => OsbOperation.Deprovision,
        _ => OsbOperation.Unbind,
    };

    private static string TypeOf(AsyncCall call) => call switch
    {
        AsyncCall.Provision => "create",
        AsyncCall.Bind => "bind",
        AsyncCall.Update => "update",
        AsyncCall.Deprovision => "delete",
        _ => "unbind",
    };

    private static string InProgressStateOf(AsyncCall call) => call switch
    {
        AsyncCall.Provision or AsyncCall.Bind => "creating",
        AsyncCall.Update => "updating",
        _ => "deleting",
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

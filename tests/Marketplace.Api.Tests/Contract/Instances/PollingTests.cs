using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Asynchronous operations and <c>last_operation</c> polling (checklist D29–D40, N93): what a poll sends, how its
/// answers are read (states, Retry-After, 410, errors, the failure flags of updates), the deadline from the plan's
/// <c>maximum_polling_duration</c>, the backoff, and that the poll state lives in the database, as the X4 operations
/// list of the broker's owners shows.
/// </summary>
public sealed class PollingTests(AppFixture app) : InstanceTest(app)
{
    /// <summary>How long a test waits to see that something does not happen.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(3);

    [Fact]
    [Trait("Checklist", "D29")]
    public async Task Every_mutating_request_says_accepts_incomplete_true()
    {
        await using var marketplace = await SetUpAsync();
        foreach (var operation in new[] { OsbOperation.Provision, OsbOperation.Update, OsbOperation.Deprovision, OsbOperation.Bind, OsbOperation.Unbind })
        {
            // The fake broker refuses each of these with 422 AsyncRequired unless accepts_incomplete=true is sent.
            marketplace.Broker.RespondAsynchronously(operation, AsyncBehaviour.AfterPolls(0));
        }

        var member = marketplace.Tenant.Member;
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        await Expect(await PatchAsync(member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 9 } }), HttpStatusCode.Accepted);
        (await WaitForStateAsync(marketplace, instance, "ready"))["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
        await Expect(await member.DeleteAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(member, marketplace.BindingUrl(instance, binding));
        await Expect(await member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(member, marketplace.InstanceUrl(instance));

        var mutating = marketplace.Broker.Requests.Where(r => r.Method is "PUT" or "PATCH" or "DELETE").ToList();
        mutating.Select(r => r.Operation).Distinct().Count().ShouldBe(5, string.Join(", ", mutating));
        mutating.ShouldAllBe(r => r.QueryValue("accepts_incomplete") == "true");
        mutating.ShouldAllBe(r => r.ResponseStatus == 202);
    }

    [Fact]
    [Trait("Checklist", "D30")]
    [Trait("Checklist", "D31")]
    public async Task Instance_polls_send_the_offering_and_echo_the_operation_exactly()
    {
        const string token = "op/1 &x=y";
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = 2, OperationToken = token });

        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");

        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Count.ShouldBe(3);
        foreach (var poll in polls)
        {
            poll.Path.ShouldBe($"/v2/service_instances/{instance["id"]}/last_operation");
            poll.QueryValue("service_id").ShouldBe(SampleCatalog.DatabaseServiceId, poll.RawTarget);
            poll.QueryValue("plan_id").ShouldBe(SampleCatalog.DatabaseSmallPlanId, poll.RawTarget);
            poll.QueryValue("operation").ShouldBe(token, $"echoed exactly, percent-encoded: {poll.RawTarget}");
            poll.Query.ContainsKey("x").ShouldBeFalse($"the token's '&' was not encoded: {poll.RawTarget}");
        }
    }

    [Fact]
    [Trait("Checklist", "D30")]
    [Trait("Checklist", "D31")]
    public async Task A_202_without_an_operation_is_polled_without_the_operation_parameter()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = 1, OmitOperation = true });

        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");

        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Count.ShouldBe(2);
        polls.ShouldAllBe(p => !p.Query.ContainsKey("operation") && p.QueryValue("service_id") == SampleCatalog.DatabaseServiceId);
    }

    [Fact]
    [Trait("Checklist", "D31")]
    public async Task A_plan_change_is_polled_with_the_old_plan()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.RespondAsynchronously(OsbOperation.Update, AsyncBehaviour.AfterPolls(1));

        var largePlanId = marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseLargePlanId);
        await Expect(await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { planId = largePlanId }), HttpStatusCode.Accepted);
        var updated = await WaitForStateAsync(marketplace, instance, "ready");
        updated["planId"]!.GetValue<Guid>().ShouldBe(largePlanId);

        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Count.ShouldBe(2);
        polls.ShouldAllBe(p => p.QueryValue("plan_id") == SampleCatalog.DatabaseSmallPlanId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Checklist", "D33")]
    public async Task In_progress_keeps_polling_and_succeeded_or_failed_stops_it(bool fails)
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(
            OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = 2, Fails = fails, Description = fails ? "no capacity left" : "all done" });

        var instance = await ProvisionAsync(marketplace);
        var ended = await WaitForStateAsync(marketplace, instance, fails ? "failed" : "ready");
        ended["lastOperation"]!["state"]!.GetValue<string>().ShouldBe(fails ? "failed" : "succeeded");
        if (fails)
        {
            ended["lastOperation"]!["description"]!.GetValue<string>().ShouldBe("no capacity left");
        }

        await Task.Delay(QuietPeriod);
        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Count.ShouldBe(3, "two in progress, then the final state; no poll after it");
    }

    [Fact]
    [Trait("Checklist", "D34")]
    public async Task A_Retry_After_in_seconds_holds_back_the_next_poll()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = 1, RetryAfter = "30" });

        var instance = await ProvisionAsync(marketplace);
        var firstPoll = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation && r.IsCompleted);
        var operation = await WaitForOperationAsync(marketplace, instance, o => o["attempts"]!.GetValue<int>() >= 1);
        operation["nextAttemptAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThanOrEqualTo(firstPoll.ReceivedAt.AddSeconds(29), operation.ToJsonString());

        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Count.ShouldBe(1, "no poll before the broker's Retry-After");

        await RepollAndFinishAsync(marketplace, instance, operation);
    }

    [Fact]
    [Trait("Checklist", "D34")]
    public async Task A_Retry_After_as_an_HTTP_date_is_honoured()
    {
        await using var marketplace = await SetUpAsync();
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(45);
        marketplace.Broker.RespondAsynchronously(
            OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = 1, RetryAfter = retryAt.ToString("r", CultureInfo.InvariantCulture) });

        var instance = await ProvisionAsync(marketplace);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.InstanceLastOperation && r.IsCompleted);
        var operation = await WaitForOperationAsync(marketplace, instance, o => o["attempts"]!.GetValue<int>() >= 1);
        operation["nextAttemptAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThanOrEqualTo(retryAt.AddSeconds(-2), operation.ToJsonString());

        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Count.ShouldBe(1, "no poll before the broker's Retry-After date");

        await RepollAndFinishAsync(marketplace, instance, operation);
    }

    [Fact]
    [Trait("Checklist", "D35")]
    public async Task A_410_while_polling_a_create_is_not_success_and_polling_goes_on()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(1));
        // The third 410 takes a while: while it is pending, only 410s have been answered.
        marketplace.Broker.Script(
            OsbOperation.InstanceLastOperation,
            new ScriptedResponse(410, "{}"),
            new ScriptedResponse(410, "{}"),
            new ScriptedResponse(410, "{}", Delay: TimeSpan.FromSeconds(2)));

        var instance = await ProvisionAsync(marketplace);
        await WaitForPollsAsync(marketplace, 3);
        var creating = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        creating["state"]!.GetValue<string>().ShouldBe("creating", creating.ToJsonString());
        creating["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("inProgress");

        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Select(p => p.ResponseStatus).ShouldBe([410, 410, 410, 200, 200]);
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Checklist", "D35")]
    [Trait("Checklist", "D36")]
    public async Task A_deprovision_poll_answering_succeeded_or_410_means_the_instance_is_gone(bool goneWhenDone)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.RespondAsynchronously(OsbOperation.Deprovision, new AsyncBehaviour { InProgressPolls = 1, GoneWhenDone = goneWhenDone });

        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));

        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Select(p => p.ResponseStatus).ShouldBe([200, goneWhenDone ? 410 : 200]);
        marketplace.Broker.Instances.ShouldBeEmpty();
        await Task.Delay(QuietPeriod);
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Count.ShouldBe(2, "gone is final");
    }

    [Theory]
    [InlineData(500, """{"description":"poll backend exploded"}""", "HTTP 500")]
    [InlineData(400, """{"error":"BadRequest","description":"what operation?"}""", "HTTP 400")]
    [InlineData(404, """{"description":"no such operation"}""", "HTTP 404")]
    [InlineData(200, "this is not json", "malformed body (not JSON)")]
    [InlineData(200, """{"state":"sleeping"}""", "unknown state 'sleeping'")]
    [Trait("Checklist", "D37")]
    public async Task An_invalid_poll_answer_is_shown_and_polling_goes_on_until_a_valid_one(int status, string body, string shown)
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(1));
        // The second bad answer takes a while, so the first one's error can be read in the meantime.
        marketplace.Broker.Script(
            OsbOperation.InstanceLastOperation,
            new ScriptedResponse(status, body),
            new ScriptedResponse(status, body, Delay: TimeSpan.FromSeconds(3)));

        var instance = await ProvisionAsync(marketplace);
        var waiting = await WaitForInstanceAsync(
            marketplace, instance, i => i["lastOperation"]!["description"]?.GetValue<string>().Contains(shown, StringComparison.Ordinal) == true);
        waiting["state"]!.GetValue<string>().ShouldBe("creating");
        var operation = await WaitForOperationAsync(marketplace, instance, o => o["lastError"] is not null);
        operation["lastError"]!.GetValue<string>().ShouldContain(shown);

        var ready = await WaitForStateAsync(marketplace, instance, "ready");
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Count.ShouldBe(4, "two invalid answers, in progress, succeeded");
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "D38")]
    [Trait("Checklist", "N93")]
    public async Task The_plans_maximum_polling_duration_fails_a_provision_the_broker_never_finishes_and_a_delete_follows()
    {
        var catalog = SampleCatalog.Create();
        catalog["services"]![0]!["plans"]![0]!["maximum_polling_duration"] = 3;
        await using var marketplace = await SetUpAsync(catalog);
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = int.MaxValue });

        var instance = await ProvisionAsync(marketplace);
        var failed = await WaitForStateAsync(marketplace, instance, "failed");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldContain("maximum polling duration");

        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        polls.Count.ShouldBeGreaterThan(1);
        var delete = await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Deprovision && r.InstanceId == instance["id"]!.ToString());
        delete.Sequence.ShouldBeGreaterThan(polls[^1].Sequence);
    }

    [Fact]
    [Trait("Checklist", "D39")]
    [Trait("Checklist", "D30")]
    public async Task The_poll_state_is_kept_in_the_database()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, new AsyncBehaviour { InProgressPolls = int.MaxValue, OperationToken = "op-kept-in-db" });

        var instance = await ProvisionAsync(marketplace);
        var operation = await WaitForOperationAsync(marketplace, instance, o => o["step"]!.GetValue<string>() == "polling" && o["attempts"]!.GetValue<int>() >= 1);
        operation["type"]!.GetValue<string>().ShouldBe("create");
        operation["operationToken"]!.GetValue<string>().ShouldBe("op-kept-in-db");
        operation["nextAttemptAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(operation["startedAt"]!.GetValue<DateTimeOffset>());
        operation["deadline"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(operation["nextAttemptAt"]!.GetValue<DateTimeOffset>());

        // Clean up: deleting during the create halts it at the broker.
        await Expect(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Accepted);
        await WaitUntilGoneAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance));
    }

    [Fact]
    [Trait("Checklist", "D40")]
    [Trait("Checklist", "G58")]
    public async Task A_failed_update_poll_makes_the_instance_unusable_and_that_update_not_repeatable_as_the_broker_says()
    {
        await using var marketplace = await SetUpAsync();
        var member = marketplace.Tenant.Member;
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.RespondAsynchronously(OsbOperation.Update, new AsyncBehaviour
        {
            InProgressPolls = 1,
            Fails = true,
            Description = "the disk is full",
            InstanceUsable = false,
            UpdateRepeatable = false,
        });

        await Expect(await PatchAsync(member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 10 } }), HttpStatusCode.Accepted);
        var failed = await WaitForStateAsync(marketplace, instance, "ready");
        failed["lastOperation"]!["type"]!.GetValue<string>().ShouldBe("update");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["lastOperation"]!["description"]!.GetValue<string>().ShouldBe("the disk is full");
        failed["usable"]!.GetValue<bool>().ShouldBeFalse();

        await ExpectProblem(
            await PatchAsync(member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 10 } }),
            HttpStatusCode.UnprocessableEntity, "instance.update_not_repeatable");
        await ExpectProblem(
            await member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance)}/bindings", new { name = Unique("app") }),
            HttpStatusCode.UnprocessableEntity, "instance.not_usable");
        marketplace.Broker.RequestsFor(OsbOperation.Update).Count.ShouldBe(1);

        // Another update is allowed, and its success repairs the instance.
        marketplace.Broker.RespondSynchronously(OsbOperation.Update);
        await Expect(await PatchAsync(member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 20 } }), HttpStatusCode.Accepted);
        var repaired = await WaitForStateAsync(marketplace, instance, "ready");
        repaired["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        repaired["usable"]!.GetValue<bool>().ShouldBeTrue();
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty("no orphan mitigation after updates");
    }

    [Fact]
    [Trait("Checklist", "D40")]
    public async Task A_failed_update_poll_without_flags_leaves_the_instance_usable_and_the_update_repeatable()
    {
        await using var marketplace = await SetUpAsync();
        var member = marketplace.Tenant.Member;
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.RespondAsynchronously(OsbOperation.Update, new AsyncBehaviour { InProgressPolls = 1, Fails = true });

        await Expect(await PatchAsync(member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 10 } }), HttpStatusCode.Accepted);
        var failed = await WaitForStateAsync(marketplace, instance, "ready");
        failed["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("failed");
        failed["usable"]!.GetValue<bool>().ShouldBeTrue();

        await Expect(await PatchAsync(member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 10 } }), HttpStatusCode.Accepted);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.RequestsFor(OsbOperation.Update).Count.ShouldBe(2);
    }

    [Fact]
    [Trait("Checklist", "N93")]
    public async Task Polls_back_off_while_the_broker_works()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.After(TimeSpan.FromSeconds(4)));

        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");

        var polls = marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation);
        // Every dispatch tick (0.1 s) would be ~40 polls and a fixed 0.2 s interval ~20; the backoff (a fifth of the
        // operation's age, at least 0.2 s) makes ~13, and a slow machine only fewer.
        var times = string.Join(", ", polls.Select(p => p.ReceivedAt.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)));
        polls.Count.ShouldBeGreaterThan(2, "polled while in progress: " + times);
        polls.Count.ShouldBeLessThan(20, "backed off: " + times);
    }

    [Fact]
    [Trait("Checklist", "N93")]
    [Trait("Checklist", "D33")]
    public async Task An_operation_the_broker_finishes_after_two_seconds_is_ready_soon_after()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.After(TimeSpan.FromSeconds(2)));

        var instance = await ProvisionAsync(marketplace);
        var ready = await WaitForStateAsync(marketplace, instance, "ready", TimeSpan.FromSeconds(10));
        ready["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
    }

    // ---- Helpers ----

    /// <summary>The instance's own operation in the X4 list (as the customer admin), once <paramref name="until"/> holds (bounded).</summary>
    private static async Task<JsonObject> WaitForOperationAsync(BrokerSetup marketplace, JsonObject instance, Func<JsonObject, bool> until)
    {
        var deadline = DateTime.UtcNow + DefaultWait;
        JsonObject? list = null;
        while (DateTime.UtcNow < deadline)
        {
            list = await Expect(await marketplace.Tenant.CustomerAdmin.GetAsync($"/api/brokers/{marketplace.BrokerId}/operations"), HttpStatusCode.OK);
            var operation = list["items"]!.AsArray().Select(o => o!.AsObject())
                .FirstOrDefault(o => o["instanceId"]!.GetValue<Guid>() == instance["id"]!.GetValue<Guid>() && o["bindingId"] is null);
            if (operation is not null && until(operation))
            {
                return operation;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The operation of instance {instance["id"]} did not reach the expected state; last list: {list?.ToJsonString()}");
    }

    /// <summary>Waits (bounded) until the broker has received <paramref name="count"/> instance polls.</summary>
    private static async Task WaitForPollsAsync(BrokerSetup marketplace, int count)
    {
        var deadline = DateTime.UtcNow + DefaultWait;
        while (marketplace.Broker.RequestsFor(OsbOperation.InstanceLastOperation).Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Fewer than {count} polls arrived: {string.Join(", ", marketplace.Broker.Requests)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Asks for the next poll now (X4) and waits until the instance is ready; the sample broker then answers succeeded.</summary>
    private static async Task RepollAndFinishAsync(BrokerSetup marketplace, JsonObject instance, JsonObject operation)
    {
        await Expect(
            await marketplace.Tenant.CustomerAdmin.PostAsync($"/api/brokers/{marketplace.BrokerId}/operations/{operation["id"]}/repoll", null),
            HttpStatusCode.OK);
        (await WaitForStateAsync(marketplace, instance, "ready"))["lastOperation"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
    }
}

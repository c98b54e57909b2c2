using System.Diagnostics;
using System.Net;
using Marketplace.FakeBroker.Tests.Support;
using Shouldly;

namespace Marketplace.FakeBroker.Tests;

public sealed class InstanceAndBindingTests
{
    [Fact]
    public async Task An_async_provision_answers_202_and_polls_to_success()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(2) with { RetryAfter = "1", Description = "ready" });
        var instance = $"v2/service_instances/{Guid.NewGuid()}";

        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var refused = await client.PutAsync(new Uri(instance, UriKind.Relative), content))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            ((string?)(await refused.ReadJsonAsync())["error"]).ShouldBe("AsyncRequired");
        }

        string operation;
        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var accepted = await client.PutAsync(new Uri(instance + "?accepts_incomplete=true", UriKind.Relative), content))
        {
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            var body = await accepted.ReadJsonAsync();
            ((string?)body["dashboard_url"]).ShouldNotBeNullOrEmpty();
            operation = (string?)body["operation"] ?? throw new ShouldAssertException("no operation token");
        }

        var poll = new Uri($"{instance}/last_operation?service_id={SampleCatalog.DatabaseServiceId}&plan_id={SampleCatalog.DatabaseSmallPlanId}&operation={Uri.EscapeDataString(operation)}", UriKind.Relative);
        for (var i = 0; i < 2; i++)
        {
            using var inProgress = await client.GetAsync(poll);
            inProgress.StatusCode.ShouldBe(HttpStatusCode.OK);
            ((string?)(await inProgress.ReadJsonAsync())["state"]).ShouldBe("in progress");
            inProgress.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        }
        using (var done = await client.GetAsync(poll))
        {
            var body = await done.ReadJsonAsync();
            ((string?)body["state"]).ShouldBe("succeeded");
            ((string?)body["description"]).ShouldBe("ready");
        }

        using var fetched = await client.GetAsync(new Uri(instance, UriKind.Relative));
        fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
        broker.Instances.ShouldHaveSingleItem().Ready.ShouldBeTrue();
        broker.RequestsFor(OsbOperation.InstanceLastOperation).Count.ShouldBe(3);
    }

    [Fact]
    public async Task The_202_carries_Retry_After_only_when_the_behaviour_says_so()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        broker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.After(TimeSpan.FromMinutes(1)) with { AcceptedRetryAfter = "10", RetryAfter = "7" });
        broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(1));
        var instance = $"v2/service_instances/{Guid.NewGuid()}";

        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var accepted = await client.PutAsync(new Uri(instance + "?accepts_incomplete=true", UriKind.Relative), content))
        {
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            accepted.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(10));
        }
        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var repeated = await client.PutAsync(new Uri(instance + "?accepts_incomplete=true", UriKind.Relative), content))
        {
            repeated.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            repeated.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(10));
        }
        var poll = new Uri($"{instance}/last_operation?service_id={SampleCatalog.DatabaseServiceId}&plan_id={SampleCatalog.DatabaseSmallPlanId}", UriKind.Relative);
        using (var inProgress = await client.GetAsync(poll))
        {
            ((string?)(await inProgress.ReadJsonAsync())["state"]).ShouldBe("in progress");
            inProgress.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        }

        broker.RespondSynchronously(OsbOperation.Provision);
        var ready = $"v2/service_instances/{Guid.NewGuid()}";
        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var created = await client.PutAsync(new Uri(ready + "?accepts_incomplete=true", UriKind.Relative), content))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        using var bind = Osb.Json(Osb.BindBody());
        using var bound = await client.PutAsync(new Uri($"{ready}/service_bindings/{Guid.NewGuid()}?accepts_incomplete=true", UriKind.Relative), bind);
        bound.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        bound.Headers.RetryAfter.ShouldBeNull();
    }

    [Fact]
    public async Task A_scripted_500_is_answered_once_then_the_default_behaviour_returns()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        broker.Script(OsbOperation.Provision, ScriptedResponse.Error(500, "InternalError", "broker exploded") with
        {
            Headers = new Dictionary<string, string> { ["X-Fake"] = "scripted" },
        });
        var instance = new Uri($"v2/service_instances/{Guid.NewGuid()}?accepts_incomplete=true", UriKind.Relative);

        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var failed = await client.PutAsync(instance, content))
        {
            failed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            ((string?)(await failed.ReadJsonAsync())["description"]).ShouldBe("broker exploded");
            failed.Headers.GetValues("X-Fake").ShouldBe(["scripted"]);
        }
        broker.ScriptedResponsesLeft(OsbOperation.Provision).ShouldBe(0);
        broker.Instances.ShouldBeEmpty();

        using var retried = Osb.Json(Osb.ProvisionBody());
        using var created = await client.PutAsync(instance, retried);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        broker.RequestsFor(OsbOperation.Provision).Select(r => r.ResponseStatus).ShouldBe([500, 201]);
    }

    [Fact]
    public async Task A_dripping_answer_sends_its_headers_at_once_and_then_its_body_a_byte_at_a_time()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        const string body = """{"dashboard_url":"https://d.example"}""";
        var interval = TimeSpan.FromMilliseconds(40);
        broker.Script(OsbOperation.Provision, ScriptedResponse.Dripping(201, body, interval));
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"v2/service_instances/{Guid.NewGuid()}?accepts_incomplete=true", UriKind.Relative))
        {
            Content = Osb.Json(Osb.ProvisionBody()),
        };

        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var headersAfter = watch.Elapsed;
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Content.Headers.ContentLength.ShouldBe(body.Length);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var received = await response.Content.ReadAsStringAsync();
        var bodyAfter = watch.Elapsed;

        received.ShouldBe(body);
        var dripTime = interval * body.Length;
        headersAfter.ShouldBeLessThan(dripTime / 2, "the headers go out before the body");
        bodyAfter.ShouldBeGreaterThanOrEqualTo(dripTime * 0.9, "one byte per interval");
        var recorded = await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Provision && r.IsCompleted);
        recorded.ResponseStatus.ShouldBe(201);
        recorded.Aborted.ShouldBeFalse();
    }

    [Fact]
    public async Task A_client_that_gives_up_on_a_dripping_body_is_recorded_as_aborted()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        broker.Script(OsbOperation.Deprovision, ScriptedResponse.Dripping(200, new string(' ', 200) + "{}", TimeSpan.FromMilliseconds(100)));
        var instance = $"v2/service_instances/{Guid.NewGuid()}?{Osb.DeleteQuery()}&accepts_incomplete=true";

        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(instance, UriKind.Relative));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, giveUp.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, "the status line came at once");
        await Should.ThrowAsync<OperationCanceledException>(() => response.Content.ReadAsStringAsync(giveUp.Token));

        var abandoned = await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Deprovision && r.IsCompleted);
        abandoned.Aborted.ShouldBeTrue();
        abandoned.ResponseStatus.ShouldBeNull();
        (abandoned.CompletedAt - abandoned.ReceivedAt)!.Value.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the drip stops when the client leaves");
    }

    [Fact]
    public async Task Bindings_get_their_own_credentials_and_unknown_deletes_answer_410()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        var instance = $"v2/service_instances/{Guid.NewGuid()}";
        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var provisioned = await client.PutAsync(new Uri(instance + "?accepts_incomplete=true", UriKind.Relative), content))
        {
            provisioned.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var credentials = new List<string>();
        foreach (var bindingId in new[] { "binding-a", "binding-b" })
        {
            using var content = Osb.Json(Osb.BindBody());
            using var bound = await client.PutAsync(new Uri($"{instance}/service_bindings/{bindingId}?accepts_incomplete=true", UriKind.Relative), content);
            bound.StatusCode.ShouldBe(HttpStatusCode.Created);
            var body = await bound.ReadJsonAsync();
            ((string?)body["credentials"]!["uri"]).ShouldBe($"fake://{bindingId}");
            credentials.Add(body["credentials"]!.ToJsonString());

            using var fetched = await client.GetAsync(new Uri($"{instance}/service_bindings/{bindingId}", UriKind.Relative));
            (await fetched.ReadJsonAsync())["credentials"]!.ToJsonString().ShouldBe(credentials[^1]);
        }
        credentials.Distinct().Count().ShouldBe(2);

        var unbind = new Uri($"{instance}/service_bindings/binding-a?{Osb.DeleteQuery()}&accepts_incomplete=true", UriKind.Relative);
        using (var first = await client.DeleteAsync(unbind))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using (var again = await client.DeleteAsync(unbind))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Gone);
        }
        using var unknown = await client.DeleteAsync(new Uri($"v2/service_instances/{Guid.NewGuid()}?{Osb.DeleteQuery()}", UriKind.Relative));
        unknown.StatusCode.ShouldBe(HttpStatusCode.Gone);
        broker.Bindings.ShouldHaveSingleItem().Id.ShouldBe("binding-b");
    }

    [Fact]
    public async Task A_never_answering_bind_hangs_until_the_client_disconnects()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        var instance = $"v2/service_instances/{Guid.NewGuid()}";
        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var provisioned = await client.PutAsync(new Uri(instance, UriKind.Relative), content))
        {
            provisioned.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        broker.NeverAnswer(OsbOperation.Bind);

        using var bind = Osb.Json(Osb.BindBody());
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Should.ThrowAsync<OperationCanceledException>(
            () => client.PutAsync(new Uri($"{instance}/service_bindings/{Guid.NewGuid()}", UriKind.Relative), bind, giveUp.Token));

        var hung = await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Bind && r.IsCompleted);
        hung.Aborted.ShouldBeTrue();
        broker.Bindings.ShouldBeEmpty();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Done-when 6: whatever a client sends to the instance and binding routes, the answer is a problem with a
/// stable code — never a 500 — and nothing reaches the broker.
/// </summary>
public sealed class MalformedRequestTests(AppFixture app) : InstanceTest(app)
{
    public static TheoryData<string, string, string, int, string> Requests() => new()
    {
        // route (relative to the project, {i} = a ready instance), method, body, status, code
        { "/instances", "POST", "{", 400, "validation.failed" },
        { "/instances", "POST", "[]", 400, "validation.failed" },
        { "/instances", "POST", """{"name": 5}""", 400, "validation.failed" },
        { "/instances", "POST", """{"name": "x", "serviceId": "not-a-guid"}""", 400, "validation.failed" },
        { "/instances", "POST", """{"name": "x", "serviceId": "{s}", "planId": "{p}", "parameters": "text"}""", 400, "validation.failed" },
        { "/instances", "POST", """{"name": "x", "serviceId": "{s}", "planId": "{p}", "parameters": [1, 2]}""", 400, "validation.failed" },
        { "/instances", "POST", """{"name": "", "serviceId": "{s}", "planId": "{p}"}""", 400, "validation.failed" },
        { "/instances", "POST", """{"name": "   ", "serviceId": "{s}", "planId": "{p}"}""", 400, "validation.failed" },
        { "/instances", "POST", "{\"name\": \"" + new string('n', 201) + "\", \"serviceId\": \"{s}\", \"planId\": \"{p}\"}", 400, "validation.failed" },
        { "/instances", "POST", """{"name": "x", "serviceId": "00000000-0000-0000-0000-000000000000", "planId": "{p}"}""", 400, "validation.failed" },
        { "/instances", "POST", """{"name": "x", "serviceId": "{s}", "planId": "{random}"}""", 404, "plan.not_found" },
        { "/instances", "POST", """{"name": "x", "serviceId": "{random}", "planId": "{p}"}""", 404, "service.not_found" },
        { "/instances", "POST", """{"name": "x", "serviceId": "{s}", "planId": "{p}", "parameters": {"storage_gb": "many"}}""", 400, "parameters.invalid" },
        { "/instances", "POST", """{"name": "x", "serviceId": "{s}", "planId": "{p}", "parameters": {"unknown": 1}}""", 400, "parameters.invalid" },
        { "/instances?page=0", "GET", "", 400, "validation.failed" },
        { "/instances?pageSize=201", "GET", "", 400, "validation.failed" },
        { "/instances/{random}", "GET", "", 404, "instance.not_found" },
        { "/instances/not-a-guid", "GET", "", 404, "route.not_found" },
        { "/instances/{i}", "PATCH", "{}", 400, "validation.failed" },
        { "/instances/{i}", "PATCH", """{"planId": "nope"}""", 400, "validation.failed" },
        { "/instances/{i}", "PATCH", """{"planId": "{random}"}""", 404, "plan.not_found" },
        { "/instances/{i}", "PATCH", """{"parameters": {"engine": "oracle"}}""", 400, "parameters.invalid" },
        { "/instances/{i}?recursive=maybe", "DELETE", "", 400, "validation.failed" },
        { "/instances/{random}", "DELETE", "", 404, "instance.not_found" },
        { "/instances/{i}/bindings", "POST", """{"name": null}""", 400, "validation.failed" },
        { "/instances/{i}/bindings", "POST", """{"name": "b", "parameters": {"role": "admin"}}""", 400, "parameters.invalid" },
        { "/instances/{random}/bindings", "POST", """{"name": "b"}""", 404, "instance.not_found" },
        { "/instances/{i}/bindings/{random}", "GET", "", 404, "binding.not_found" },
        { "/instances/{i}/bindings/{random}", "DELETE", "", 404, "binding.not_found" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_bad_request_is_a_problem_and_reaches_no_broker(string route, string method, string body, int status, string code)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace, name: "target");
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.Reset();
        var serviceId = marketplace.ServiceId(SampleCatalog.DatabaseServiceId).ToString();
        var planId = marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseSmallPlanId).ToString();
        string Fill(string text) => text.Replace("{s}", serviceId, StringComparison.Ordinal).Replace("{p}", planId, StringComparison.Ordinal)
            .Replace("{i}", instance["id"]!.ToString(), StringComparison.Ordinal).Replace("{random}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/projects/{marketplace.Tenant.ProjectId}{Fill(route)}");
        if (body.Length > 0)
        {
            request.Content = new StringContent(Fill(body), Encoding.UTF8, "application/json");
        }

        var problem = await ExpectProblem(await marketplace.Tenant.Member.SendAsync(request), (HttpStatusCode)status, code);
        if (code is "validation.failed" or "parameters.invalid" && status == 400 && body.Length > 1)
        {
            problem["errors"].ShouldNotBeNull(problem.ToJsonString());
        }

        await Task.Delay(300); // a broker call would have been dispatched by now
        marketplace.Broker.Requests.ShouldBeEmpty();
        var after = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        after["state"]!.GetValue<string>().ShouldBe("ready");
    }

    [Fact]
    [Trait("Checklist", "N95")]
    public async Task A_second_change_while_one_runs_is_a_409_and_sends_nothing_more()
    {
        await using var marketplace = await SetUpAsync();
        marketplace.Broker.RespondAsynchronously(OsbOperation.Update, AsyncBehaviour.After(TimeSpan.FromSeconds(30)));
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        await Expect(await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 7 } }), HttpStatusCode.Accepted);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.Update);

        await ExpectProblem(
            await PatchAsync(marketplace.Tenant.Member, marketplace.InstanceUrl(instance), new { parameters = new { storage_gb = 8 } }),
            HttpStatusCode.Conflict, "instance.operation_in_progress");
        await ExpectProblem(await marketplace.Tenant.Member.DeleteAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.Conflict, "instance.operation_in_progress");
        await ExpectProblem(
            await marketplace.Tenant.Member.PostAsJsonAsync($"{marketplace.InstanceUrl(instance)}/bindings", new { name = "b" }),
            HttpStatusCode.Conflict, "instance.operation_in_progress");
        marketplace.Broker.RequestsFor(OsbOperation.Update).Count.ShouldBe(1);
        marketplace.Broker.RequestsFor(OsbOperation.Deprovision).ShouldBeEmpty();
        marketplace.Broker.RequestsFor(OsbOperation.Bind).ShouldBeEmpty();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// X10 over HTTP: parameters over the configured bounds, with a duplicate key, or that a plan's catastrophic pattern
/// would take too long on are refused with 400 <c>parameters.invalid</c> before any broker call, and what is accepted
/// is read back by every list and detail.
/// </summary>
public sealed class ParameterBoundsTests(AppFixture app) : InstanceTest(app)
{
    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("""{"a":""", depth - 1)) + "{}" + new string('}', depth - 1);

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string url, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PostAsync(url, content);
    }

    private static string ProvisionBody(BrokerSetup marketplace, string parametersJson) =>
        $$"""
        {"name":"{{Unique("db")}}","serviceId":"{{marketplace.ServiceId(SampleCatalog.DatabaseServiceId)}}",
         "planId":"{{marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseSmallPlanId)}}","parameters":{{parametersJson}}}
        """;

    [Fact]
    public async Task Parameters_nested_62_deep_are_refused_and_every_list_and_detail_still_answers()
    {
        await using var marketplace = await SetUpAsync(PlanWithoutSchemas());

        var problem = await ExpectProblem(
            await PostRawAsync(marketplace.Tenant.Member, marketplace.InstancesUrl, ProvisionBody(marketplace, Nested(62))),
            HttpStatusCode.BadRequest, "parameters.invalid");

        problem["errors"]!["parameters"]![0]!.GetValue<string>().ShouldBe("The parameters are nested deeper than 32 levels.");
        await Task.Delay(300);
        marketplace.Broker.Requests.ShouldBeEmpty();
        (await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Parameters_at_the_depth_bound_are_accepted_sent_as_given_and_read_back_by_list_and_detail()
    {
        await using var marketplace = await SetUpAsync(PlanWithoutSchemas());
        var parameters = Nested(32);

        var instance = await Expect(
            await PostRawAsync(marketplace.Tenant.Member, marketplace.InstancesUrl, ProvisionBody(marketplace, parameters)), HttpStatusCode.Accepted);
        await WaitForStateAsync(marketplace, instance, "ready");

        var sent = marketplace.Broker.RequestsFor(OsbOperation.Provision).Single();
        JsonNode.Parse(sent.Body)!["parameters"]!.ToJsonString().ShouldBe(parameters);
        var detail = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        detail["parameters"]!.ToJsonString().ShouldBe(parameters);
        var list = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK);
        list["items"]!.AsArray().Single()!["id"]!.GetValue<Guid>().ShouldBe(instance["id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("""{"size":1,"size":2}""")]
    [InlineData("""{"backup":{"window":"a","window":"b"}}""")]
    public async Task A_key_twice_in_one_object_is_refused_on_provision_update_and_bind(string parameters)
    {
        await using var marketplace = await SetUpAsync(PlanWithoutSchemas());
        var instance = await ProvisionAsync(marketplace, name: "target");
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.Reset();

        foreach (var (method, url, body) in new[]
                 {
                     ("POST", marketplace.InstancesUrl, ProvisionBody(marketplace, parameters)),
                     ("PATCH", marketplace.InstanceUrl(instance), $$"""{"parameters":{{parameters}}}"""),
                     ("POST", $"{marketplace.InstanceUrl(instance)}/bindings", $$"""{"name":"b","parameters":{{parameters}}}"""),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            var problem = await ExpectProblem(await marketplace.Tenant.Member.SendAsync(request), HttpStatusCode.BadRequest, "parameters.invalid");
            problem["errors"]!["parameters"]![0]!.GetValue<string>().ShouldContain("appears twice in one object", customMessage: $"{method} {url}");
        }

        await Task.Delay(300);
        marketplace.Broker.Requests.ShouldBeEmpty();
        (await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstancesUrl), HttpStatusCode.OK))["total"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Thirty_strings_a_catastrophic_pattern_would_backtrack_on_are_refused_as_a_mismatch_and_never_sent()
    {
        // Done-when 4 of the catalogs-at-scale issue: ^(a+)+$ against 34 a's and a "!" backtracks for hours per string on
        // a backtracking engine; the marketplace answers 400 with every string named, within its budget.
        var catalog = SampleCatalog.Create();
        catalog["services"]![0]!["plans"]![0]!["schemas"] = JsonNode.Parse("""
            { "service_instance": { "create": { "parameters": {
                "$schema": "http://json-schema.org/draft-04/schema#",
                "type": "object",
                "properties": { "names": { "type": "array", "items": { "type": "string", "pattern": "^(a+)+$" } } } } } } }
            """);
        await using var marketplace = await SetUpAsync(catalog);
        var names = new JsonArray([.. Enumerable.Range(0, 30).Select(_ => JsonValue.Create(new string('a', 34) + "!"))]);

        var problem = await ExpectProblem(
            await SendProvisionAsync(marketplace, parameters: new JsonObject { ["names"] = names }), HttpStatusCode.BadRequest, "parameters.invalid");

        problem["errors"]!.AsObject().Count.ShouldBe(30, problem.ToJsonString());
        await Task.Delay(300);
        marketplace.Broker.Requests.ShouldBeEmpty();
        await Expect(await SendProvisionAsync(marketplace, parameters: new { names = new[] { "aaa" } }), HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Updates_cannot_grow_the_instances_parameters_past_the_bounds()
    {
        await using var marketplace = await SetUpAsync(PlanWithoutSchemas());
        var instance = await ProvisionAsync(marketplace, name: "growing");
        await WaitForStateAsync(marketplace, instance, "ready");
        static string Keys(string prefix) => "{" + string.Join(',', Enumerable.Range(0, 600).Select(i => $"\"{prefix}{i}\":{i}")) + "}";

        using (var first = new HttpRequestMessage(HttpMethod.Patch, marketplace.InstanceUrl(instance)) { Content = new StringContent($$"""{"parameters":{{Keys("a")}}}""", Encoding.UTF8, "application/json") })
        {
            await Expect(await marketplace.Tenant.Member.SendAsync(first), HttpStatusCode.Accepted);
        }

        await WaitForStateAsync(marketplace, instance, "ready");
        using var second = new HttpRequestMessage(HttpMethod.Patch, marketplace.InstanceUrl(instance)) { Content = new StringContent($$"""{"parameters":{{Keys("b")}}}""", Encoding.UTF8, "application/json") };
        var problem = await ExpectProblem(await marketplace.Tenant.Member.SendAsync(second), HttpStatusCode.BadRequest, "parameters.invalid");

        problem["errors"]!["parameters"]![0]!.GetValue<string>().ShouldBe("The parameters have more than 1000 keys.");
        var detail = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
        detail["parameters"]!.AsObject().Count.ShouldBe(600);
    }
}

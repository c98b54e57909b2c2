using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Generated requests (CsCheck): hundreds the contract defines as invalid get only 4xx, hundreds of valid but odd ones
/// get 2xx or 4xx and never 5xx, and afterwards every list and detail of the project still answers 200.
/// </summary>
public sealed class GeneratedRequestTests(AppFixture app) : InstanceTest(app)
{
    private const int Iterations = 300;

    /// <summary>What a generated request is made of: a kind, a size and a salt; the request is built from them, so CsCheck shrinks all three.</summary>
    private sealed record Shape(int Kind, int Size, int Salt);

    private sealed record Sent(string Method, string Url, string Body);

    private static readonly Gen<Shape> Shapes = Gen.Select(Gen.Int[0, 11], Gen.Int[0, 100], Gen.Int[0, int.MaxValue], (kind, size, salt) => new Shape(kind, size, salt));

    [Fact]
    public async Task Requests_the_contract_defines_as_invalid_get_only_4xx_and_change_nothing()
    {
        await using var marketplace = await SetUpAsync(PlanWithoutSchemas());
        var target = await ReadyInstanceAsync(marketplace);
        var answers = new ConcurrentBag<int>();

        await Shapes.SampleAsync(async shape =>
        {
            var sent = Invalid(marketplace, target, shape);
            var status = await SendAsync(marketplace, sent);
            answers.Add(status);
            status.ShouldBeInRange(400, 499, $"{sent.Method} {sent.Url} {Shorten(sent.Body)}");
        }, iter: Iterations, threads: 4);

        answers.Count.ShouldBeGreaterThanOrEqualTo(Iterations);
        await EveryListAndDetailAnswersAsync(marketplace, expectedInstances: 1);
        marketplace.Broker.RequestsFor(OsbOperation.Update).ShouldBeEmpty();
    }

    [Fact]
    public async Task Valid_but_odd_requests_get_2xx_or_4xx_and_never_5xx()
    {
        // The small plan has no schema (only the marketplace's bounds decide); the large one takes the sample's schema,
        // so that some of the odd parameters also go through the schema check.
        var catalog = PlanWithoutSchemas();
        var plans = catalog["services"]![0]!["plans"]!.AsArray();
        plans.Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseLargePlanId)!["schemas"] =
            SampleCatalog.Create()["services"]![0]!["plans"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId)!["schemas"]!.DeepClone();
        await using var marketplace = await SetUpAsync(catalog);
        var target = await ReadyInstanceAsync(marketplace);
        var answers = new ConcurrentBag<int>();

        await Shapes.SampleAsync(async shape =>
        {
            var sent = Odd(marketplace, target, shape);
            var status = await SendAsync(marketplace, sent);
            answers.Add(status);
            status.ShouldBeLessThan(500, $"{sent.Method} {sent.Url} {Shorten(sent.Body)}");
        }, iter: Iterations, threads: 4);

        answers.Count.ShouldBeGreaterThanOrEqualTo(Iterations);
        answers.Count(s => s is >= 200 and < 300).ShouldBeGreaterThan(Iterations / 3, "most odd requests are valid and accepted");
        await EveryListAndDetailAnswersAsync(marketplace, expectedInstances: null);
    }

    private static async Task<JsonObject> ReadyInstanceAsync(BrokerSetup marketplace)
    {
        var target = await ProvisionAsync(marketplace, name: "target");
        return await WaitForStateAsync(marketplace, target, "ready");
    }

    /// <summary>Bodies and queries the contract refuses: over the bounds, duplicate keys, wrong types, malformed JSON.</summary>
    private static Sent Invalid(BrokerSetup marketplace, JsonObject target, Shape shape)
    {
        var random = new Random(shape.Salt);
        var valid = ValidProvision(marketplace, $"bad-{shape.Salt}");
        string WithParameters(string parameters) => valid.Replace("\"parameters\":{}", $"\"parameters\":{parameters}", StringComparison.Ordinal);
        return shape.Kind switch
        {
            0 => new("POST", marketplace.InstancesUrl, WithParameters(Nested(33 + shape.Size % 20))),
            1 => new("POST", marketplace.InstancesUrl, WithParameters(ManyKeys(1001 + shape.Size))),
            2 => new("POST", marketplace.InstancesUrl, WithParameters($$"""{"blob":"{{new string('x', 65 * 1024 + shape.Size)}}"}""")),
            3 => new("POST", marketplace.InstancesUrl, WithParameters($$"""{"k{{shape.Size}}":1,"k{{shape.Size}}":2}""")),
            4 => new("POST", marketplace.InstancesUrl, valid.Replace($"\"bad-{shape.Salt}\"", $"\"{new string('n', 201 + shape.Size)}\"", StringComparison.Ordinal)),
            5 => new("POST", marketplace.InstancesUrl, WithParameters($$"""{"blob":"{{new string('x', 1024 * 1024 + shape.Size)}}"}""")),
            6 => new("GET", $"{marketplace.InstancesUrl}?pageSize={201 + shape.Size * 97}", string.Empty),
            7 => new("POST", marketplace.InstancesUrl, valid.Replace($"\"bad-{shape.Salt}\"", NotAString(random), StringComparison.Ordinal)),
            8 => new("POST", marketplace.InstancesUrl, WithParameters(NotAnObject(random))),
            9 => new("POST", marketplace.InstancesUrl, valid[..Math.Min(valid.Length - 1, shape.Size)]),
            10 => new("PATCH", marketplace.InstanceUrl(target), "{\"parameters\":" + Nested(33 + shape.Size % 20) + "}"),
            _ => new("POST", $"{marketplace.InstanceUrl(target)}/bindings", $"{{\"name\":\"b{shape.Salt}\",\"parameters\":{{\"a\":{{\"x\":1,\"x\":1}}}}}}"),
        };
    }

    /// <summary>Requests that are valid but odd: unicode names, deep parameters within the bounds, empty and extreme values.</summary>
    private static Sent Odd(BrokerSetup marketplace, JsonObject target, Shape shape)
    {
        var random = new Random(shape.Salt);
        var name = OddName(random, 1 + shape.Size % 60);
        var parameters = (shape.Size % 6) switch
        {
            0 => "{}",
            1 => Nested(1 + shape.Size % 32),
            2 => $$"""{"ünï{{shape.Salt}}":"✓ {{name}}","n":null,"t":true,"f":false}""",
            3 => """{"big":1e308,"small":-1e-308,"zero":-0,"int":9223372036854775807,"list":[[],{},[[{}]]]}""",
            4 => ManyKeys(1 + shape.Size * 9),
            _ => $$"""{"text":"{{new string('x', shape.Size * 600)}}"}""",
        };
        var provision = new JsonObject
        {
            ["name"] = name,
            ["serviceId"] = marketplace.ServiceId(SampleCatalog.DatabaseServiceId),
            ["planId"] = marketplace.PlanId(SampleCatalog.DatabaseServiceId, shape.Salt % 4 == 0 ? SampleCatalog.DatabaseLargePlanId : SampleCatalog.DatabaseSmallPlanId),
            ["parameters"] = JsonNode.Parse(parameters),
        }.ToJsonString();
        return (shape.Kind % 4) switch
        {
            0 or 1 => new("POST", marketplace.InstancesUrl, provision),
            2 => new("PATCH", marketplace.InstanceUrl(target), new JsonObject { ["parameters"] = JsonNode.Parse(parameters) }.ToJsonString()),
            _ => new("POST", $"{marketplace.InstanceUrl(target)}/bindings", new JsonObject { ["name"] = name, ["parameters"] = JsonNode.Parse(parameters) }.ToJsonString()),
        };
    }

    private static string ValidProvision(BrokerSetup marketplace, string name) =>
        new JsonObject
        {
            ["name"] = name,
            ["serviceId"] = marketplace.ServiceId(SampleCatalog.DatabaseServiceId),
            ["planId"] = marketplace.PlanId(SampleCatalog.DatabaseServiceId, SampleCatalog.DatabaseSmallPlanId),
            ["parameters"] = new JsonObject(),
        }.ToJsonString();

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("""{"a":""", depth - 1)) + "{}" + new string('}', depth - 1);

    private static string ManyKeys(int count) => "{" + string.Join(',', Enumerable.Range(0, count).Select(i => $"\"k{i}\":{i}")) + "}";

    private static string NotAnObject(Random random) => random.Next(5) switch
    {
        0 => "42",
        1 => "true",
        2 => "[1,2]",
        3 => "\"text\"",
        _ => "3.5",
    };

    private static string NotAString(Random random) => random.Next(5) switch
    {
        0 => "42",
        1 => "true",
        2 => "[1,2]",
        3 => "{\"a\":1}",
        _ => "3.5",
    };

    /// <summary>Letters from several scripts, emoji, combining marks and right-to-left text.</summary>
    private static string OddName(Random random, int length)
    {
        string[] pieces = ["a", "Ω", "ж", "中", "ع", "ש", "🚀", "e\u0301", "ß", "İ", " ", "-", "_", ".", "ℌ", "\u200d", "🏳️‍🌈"];
        var name = new StringBuilder();
        while (name.Length < length)
        {
            name.Append(pieces[random.Next(pieces.Length)]);
        }

        var text = name.ToString().Trim();
        return text.Length == 0 ? "x" : text.Length > 190 ? text[..190] : text;
    }

    private static async Task<int> SendAsync(BrokerSetup marketplace, Sent sent)
    {
        // Expect: 100-continue lets the server refuse an oversized body (413) before the client sends it.
        using var request = new HttpRequestMessage(new HttpMethod(sent.Method), sent.Url) { Headers = { ExpectContinue = true } };
        if (sent.Body.Length > 0)
        {
            request.Content = new StringContent(sent.Body, Encoding.UTF8, "application/json");
        }

        using var response = await marketplace.Tenant.Member.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static async Task EveryListAndDetailAnswersAsync(BrokerSetup marketplace, int? expectedInstances)
    {
        var member = marketplace.Tenant.Member;
        var instances = new List<JsonObject>();
        for (var page = 1; ; page++)
        {
            var list = await Expect(await member.GetAsync($"{marketplace.InstancesUrl}?page={page}&pageSize=200"), HttpStatusCode.OK);
            instances.AddRange(list["items"]!.AsArray().Select(i => i!.AsObject()));
            if (instances.Count >= list["total"]!.GetValue<int>())
            {
                break;
            }
        }

        if (expectedInstances is { } expected)
        {
            instances.Count.ShouldBe(expected);
        }

        foreach (var instance in instances)
        {
            await Expect(await member.GetAsync(marketplace.InstanceUrl(instance)), HttpStatusCode.OK);
            var bindings = await Expect(await member.GetAsync($"{marketplace.InstanceUrl(instance)}/bindings?pageSize=200"), HttpStatusCode.OK);
            foreach (var binding in bindings["items"]!.AsArray())
            {
                await Expect(await member.GetAsync(marketplace.BindingUrl(instance, binding!.AsObject())), HttpStatusCode.OK);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.ServiceInstances;

namespace Marketplace.Application.Tests.ServiceInstances;

/// <summary>
/// <see cref="ParameterSchemas"/> (X10): parameters are checked against the plan's draft-04 schema for the resource
/// and action, every error reported by field as <c>parameters.&lt;path&gt;</c>. Plans without a schema, and schemas the
/// marketplace cannot read, are left to the broker. A schema's remote or file <c>$ref</c> is never fetched.
/// </summary>
public sealed class ParameterSchemasTests
{
    private const string Schema = """
        {
          "$schema": "http://json-schema.org/draft-04/schema#",
          "type": "object",
          "required": ["size"],
          "additionalProperties": false,
          "properties": {
            "size": { "type": "integer", "minimum": 1, "maximum": 10 },
            "tier": { "type": "string", "enum": ["basic", "premium"] },
            "name": { "type": "string", "minLength": 3, "maxLength": 8, "pattern": "^[a-z]+$" },
            "ratio": { "type": "number", "maximum": 1, "exclusiveMaximum": true },
            "backup": {
              "type": "object",
              "required": ["window"],
              "properties": { "window": { "type": "string" }, "days": { "type": "integer", "minimum": 1 } }
            }
          }
        }
        """;

    private static string Plan(string parametersSchema, string resource = "service_instance", string action = "create") =>
        $$"""{ "{{resource}}": { "{{action}}": { "parameters": {{parametersSchema}} } } }""";

    private static readonly ParameterSchemas Schemas = new(new ParameterLimits());

    private static Task ValidateAsync(string? schemasJson, string parameters, string resource = "service_instance", string action = "create") =>
        Schemas.ValidateAsync(schemasJson, resource, action, JsonNode.Parse(parameters)!.AsObject(), TestContext.Current.CancellationToken);

    private static async Task<IReadOnlyDictionary<string, string[]>> ErrorsAsync(string parameters, string schema = Schema)
    {
        var error = await Should.ThrowAsync<ParametersInvalidException>(() => ValidateAsync(Plan(schema), parameters));
        return error.Errors;
    }

    [Theory]
    [InlineData("""{"size":1}""")]
    [InlineData("""{"size":10,"tier":"premium","name":"abc","ratio":0.5}""")]
    [InlineData("""{"size":3,"backup":{"window":"02:00","days":7}}""")]
    public async Task Parameters_that_match_the_schema_pass(string parameters)
    {
        await Should.NotThrowAsync(() => ValidateAsync(Plan(Schema), parameters));
    }

    [Fact]
    public async Task A_missing_required_parameter_is_reported_against_its_name()
    {
        var errors = await ErrorsAsync("""{"tier":"basic"}""");

        errors.Keys.ShouldBe(["parameters.size"]);
        errors["parameters.size"].ShouldBe(["'size' is required."]);
    }

    [Fact]
    public async Task Absent_parameters_are_checked_as_an_empty_object()
    {
        var error = await Should.ThrowAsync<ParametersInvalidException>(() => Schemas.ValidateAsync(
            Plan(Schema), "service_instance", "create", null, TestContext.Current.CancellationToken));

        error.Errors.Keys.ShouldBe(["parameters.size"]);
        error.Message.ShouldBe("The parameters do not match the plan's schema.");
        ParametersInvalidException.Code.ShouldBe("parameters.invalid");
    }

    [Theory]
    [InlineData("""{"size":0}""", "The value is below the minimum.")]
    [InlineData("""{"size":11}""", "The value is above the maximum.")]
    public async Task A_number_out_of_range_is_reported_against_its_field(string parameters, string message)
    {
        var errors = await ErrorsAsync(parameters);

        errors.Keys.ShouldBe(["parameters.size"]);
        errors["parameters.size"].ShouldBe([message]);
    }

    [Fact]
    public async Task Every_error_is_reported_each_against_its_own_field()
    {
        var errors = await ErrorsAsync("""{"size":"big","tier":"gold","name":"ab","colour":"red"}""");

        errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["parameters.colour", "parameters.name", "parameters.size", "parameters.tier"]);
        errors["parameters.tier"].ShouldBe(["The value is not one of the allowed values."]);
        errors["parameters.name"].ShouldBe(["The text is too short."]);
        errors["parameters.colour"].ShouldBe(["'colour' is not a known parameter."]);
        errors["parameters.size"].ShouldHaveSingleItem().ShouldStartWith("Invalid: ");
    }

    [Fact]
    public async Task A_text_too_long_and_not_matching_the_pattern_has_both_messages()
    {
        var errors = await ErrorsAsync("""{"size":1,"name":"ABCDEFGHIJ"}""");

        errors.Keys.ShouldBe(["parameters.name"]);
        errors["parameters.name"].Order(StringComparer.Ordinal).ShouldBe(["The text does not match the required pattern.", "The text is too long."]);
    }

    [Fact]
    public async Task A_draft_04_boolean_exclusiveMaximum_excludes_the_maximum()
    {
        var errors = await ErrorsAsync("""{"size":1,"ratio":1}""");

        errors.Keys.ShouldBe(["parameters.ratio"]);
    }

    [Fact]
    public async Task Errors_in_nested_objects_are_reported_by_their_dotted_path()
    {
        var errors = await ErrorsAsync("""{"size":1,"backup":{"days":0}}""");

        errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["parameters.backup.days", "parameters.backup.window"]);
        errors["parameters.backup.days"].ShouldBe(["The value is below the minimum."]);
        errors["parameters.backup.window"].ShouldBe(["'window' is required."]);
    }

    [Fact]
    public async Task Only_the_schema_of_the_resource_and_action_is_used()
    {
        var schemas = $$"""
            {
              "service_instance": { "create": { "parameters": {{Schema}} }, "update": { "parameters": { "type": "object", "properties": { "size": { "type": "integer", "maximum": 20 } } } } },
              "service_binding": { "create": { "parameters": { "type": "object", "required": ["role"] } } }
            }
            """;

        await ValidateAsync(schemas, """{"size":15}""", action: "update");
        var binding = await Should.ThrowAsync<ParametersInvalidException>(() => ValidateAsync(schemas, """{"size":1}""", "service_binding"));
        var update = await Should.ThrowAsync<ParametersInvalidException>(() => ValidateAsync(schemas, """{"size":25}""", action: "update"));

        binding.Errors.Keys.ShouldBe(["parameters.role"]);
        update.Errors.Keys.ShouldBe(["parameters.size"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"service_instance":{"update":{"parameters":{"required":["size"]}}}}""")]
    [InlineData("""{"service_instance":{"create":{"parameters":"required"}}}""")]
    [InlineData("""{"service_instance":{"create":{}}}""")]
    public async Task Without_a_schema_for_the_action_anything_passes(string? schemas)
    {
        await ValidateAsync(schemas, """{"anything":true}""");
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"size":{"$ref":"#/definitions/missing"}}}""")]
    [InlineData("""{"type":"object","properties":{"size":{"type":"integer","minimum":"one"}}}""")]
    public async Task An_unreadable_schema_is_left_to_the_broker(string schema)
    {
        await ValidateAsync(Plan(schema), """{"size":0}""");
    }

    [Fact]
    public async Task A_local_reference_is_resolved()
    {
        const string schema = """
            {
              "type": "object",
              "definitions": { "size": { "type": "integer", "minimum": 1 } },
              "properties": { "size": { "$ref": "#/definitions/size" } }
            }
            """;

        var errors = await ErrorsAsync("""{"size":0}""", schema);

        errors.Keys.ShouldBe(["parameters.size"]);
    }

    [Theory]
    [InlineData("""{"$ref":"http://127.0.0.1:1/x.json"}""")]
    [InlineData("""{"type":"object","properties":{"size":{"$ref":"http://127.0.0.1:1/x.json#/size"}}}""")]
    [InlineData("""{"$ref":"file:///etc/passwd"}""")]
    [InlineData("""{"$ref":"/etc/passwd"}""")]
    [InlineData("""{"$ref":"x.json"}""")]
    public async Task A_remote_or_file_reference_is_not_followed_and_the_schema_is_left_to_the_broker(string schema)
    {
        var validation = ValidateAsync(Plan(schema), """{"size":0}""");

        // Bounded: a fetch attempt would hang on or fail against the address; refusing it is immediate.
        await validation.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        validation.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task A_remote_reference_makes_no_network_call()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var schema = $$"""{ "type": "object", "properties": { "size": { "$ref": "http://127.0.0.1:{{port}}/size.json" } } }""";

        await ValidateAsync(Plan(schema), """{"size":0}""").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);

        listener.Pending().ShouldBeFalse("validation must not connect to a schema's remote reference");
    }

    // ---- One time budget per request for the schema's patterns (X10) ----

    private const string Catastrophic = """
        {
          "type": "object",
          "properties": { "names": { "type": "array", "items": { "type": "string", "pattern": "^(a+)+$" } } }
        }
        """;

    private static string ThirtyCatastrophicNames(int length) =>
        new JsonObject { ["names"] = new JsonArray([.. Enumerable.Range(0, 30).Select(_ => JsonValue.Create(new string('a', length) + "!"))]) }.ToJsonString();

    [Fact]
    public async Task A_pattern_that_backtracks_catastrophically_is_matched_in_linear_time_and_reported_as_a_mismatch()
    {
        // On the backtracking engine each of these 30 matches takes longer than the whole budget: only a linear-time
        // match can answer "does not match" for every one of them (and not "ran out of time").
        var errors = await ErrorsAsync(ThirtyCatastrophicNames(34), Catastrophic);

        errors.Count.ShouldBe(30);
        errors.Values.ShouldAllBe(messages => messages.SequenceEqual(new[] { "The text does not match the required pattern." }));
        await Should.NotThrowAsync(() => ValidateAsync(Plan(Catastrophic), """{"names":["aaaa","a"]}"""));
    }

    [Fact]
    public async Task A_pattern_only_the_backtracking_engine_runs_is_refused_when_the_budget_runs_out_never_taken_as_valid()
    {
        // A lookahead is not supported by the non-backtracking engine; this one backtracks catastrophically on "a…a!".
        const string schema = """{ "type": "object", "properties": { "name": { "type": "string", "pattern": "^(?=(a+)+$)" } } }""";
        var schemas = new ParameterSchemas(new ParameterLimits { SchemaCheckBudgetSeconds = 0.2 });

        var error = await Should.ThrowAsync<ParametersInvalidException>(() => schemas.ValidateAsync(
            Plan(schema), "service_instance", "create", JsonNode.Parse($$"""{"name":"{{new string('a', 40)}}!"}""")!.AsObject(), TestContext.Current.CancellationToken));

        error.Errors.Keys.ShouldBe(["parameters"]);
        error.Errors["parameters"].Single().ShouldContain("within 0.2 s");
        await Should.NotThrowAsync(() => schemas.ValidateAsync(
            Plan(schema), "service_instance", "create", JsonNode.Parse("""{"name":"aaa"}""")!.AsObject(), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("""{"code":"apple"}""", true)]
    [InlineData("""{"code":"banana"}""", true)]
    [InlineData("""{"code":"cherry"}""", false)]
    public async Task Patterns_inside_anyOf_count_only_for_their_branch(string parameters, bool valid)
    {
        const string schema = """
            { "type": "object", "properties": { "code": { "anyOf": [ { "type": "string", "pattern": "^a" }, { "type": "string", "pattern": "^b" } ] } } }
            """;

        if (valid)
        {
            await Should.NotThrowAsync(() => ValidateAsync(Plan(schema), parameters));
        }
        else
        {
            (await ErrorsAsync(parameters, schema)).Keys.ShouldBe(["parameters.code"]);
        }
    }

    [Fact]
    public async Task A_pattern_behind_a_local_reference_still_applies()
    {
        const string schema = """
            { "type": "object", "definitions": { "lower": { "type": "string", "pattern": "^[a-z]+$" } },
              "properties": { "name": { "$ref": "#/definitions/lower" } } }
            """;

        (await ErrorsAsync("""{"name":"ABC"}""", schema)).Keys.ShouldBe(["parameters.name"]);
        await Should.NotThrowAsync(() => ValidateAsync(Plan(schema), """{"name":"abc"}"""));
    }

    [Fact]
    public async Task A_cancelled_request_stops_the_check()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => Schemas.ValidateAsync(
            Plan(Catastrophic), "service_instance", "create", JsonNode.Parse(ThirtyCatastrophicNames(34))!.AsObject(), cancelled.Token));
    }

    private const string PatternProperties = """
        { "type": "object", "additionalProperties": false,
          "properties": { "size": { "type": "integer" } },
          "patternProperties": { "^x-": { "type": "integer" }, "^(a+)+$": { "type": "string" } } }
        """;

    [Theory]
    [InlineData("""{"size":1,"x-a":2,"x-b":3}""")]
    [InlineData("""{"aaaa":"text"}""")]
    public async Task Properties_matching_a_pattern_property_take_its_schema_and_are_no_additional_properties(string parameters)
    {
        await Should.NotThrowAsync(() => ValidateAsync(Plan(PatternProperties), parameters));
    }

    [Fact]
    public async Task A_property_matching_a_pattern_property_is_checked_against_its_schema_and_others_stay_unknown()
    {
        var errors = await ErrorsAsync("""{"x-a":"not a number","other":1}""", PatternProperties);

        errors.Keys.ShouldBe(["parameters.x-a", "parameters.other"], ignoreOrder: true);
        errors["parameters.other"].ShouldBe(["'other' is not a known parameter."]);
    }

    [Fact]
    public async Task Names_a_catastrophic_pattern_property_would_backtrack_on_are_matched_in_linear_time()
    {
        var keys = new JsonObject();
        foreach (var i in Enumerable.Range(0, 30))
        {
            keys[new string('a', 34) + "!" + new string('!', i)] = 1;
        }

        var errors = await ErrorsAsync(keys.ToJsonString(), PatternProperties);

        errors.Count.ShouldBe(30);
        errors.Values.ShouldAllBe(messages => messages.Single().EndsWith("is not a known parameter.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pattern_property_only_the_backtracking_engine_runs_is_refused_when_the_budget_runs_out()
    {
        const string schema = """{ "type": "object", "patternProperties": { "^(?=(a+)+$)": { "type": "string" } } }""";
        var schemas = new ParameterSchemas(new ParameterLimits { SchemaCheckBudgetSeconds = 0.2 });
        var parameters = new JsonObject { [new string('a', 40) + "!"] = 1 };

        var error = await Should.ThrowAsync<ParametersInvalidException>(() => schemas.ValidateAsync(
            Plan(schema), "service_instance", "create", parameters, TestContext.Current.CancellationToken));

        error.Errors["parameters"].Single().ShouldContain("within 0.2 s");
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Domain.Catalog;
using Shouldly;
using static Marketplace.Domain.Tests.Catalog.CatalogSamples;

namespace Marketplace.Domain.Tests.Catalog;

public sealed class CatalogParseSchemas
{
    public static TheoryData<string> SchemaLocations() => new()
    {
        "service_instance.create",
        "service_instance.update",
        "service_binding.create",
    };

    private const string PlanPath = "services[1].plans[0]";

    /// <summary>The valid sample with <paramref name="parameters"/> as the redis plan's schema at <paramref name="location"/>.</summary>
    private static string WithSchema(string location, string parameters)
    {
        var (group, action) = (location.Split('.')[0], location.Split('.')[1]);
        var schemas = new JsonObject { [group] = new JsonObject { [action] = new JsonObject { ["parameters"] = JsonNode.Parse(parameters) } } };
        return ValidWith(root => Locate(root, PlanPath)["schemas"] = schemas);
    }

    private static IReadOnlyList<CatalogProblem> Problems(string json)
    {
        var result = CatalogParser.Parse(json);
        result.IsValid.ShouldBe(result.Problems.Count == 0);
        return result.Problems;
    }

    [Theory]
    [Trait("Checklist", "C24")]
    [MemberData(nameof(SchemaLocations))]
    public void A_schema_that_declares_its_dialect_is_accepted_and_kept_whole(string location)
    {
        var schema = $$"""{ "$schema": "{{Draft04}}", "type": "object", "properties": { "size": { "type": "integer", "minimum": 1 } } }""";
        var json = WithSchema(location, schema);

        var plan = ParseValid(json).Catalog!.Services[1].Plans[0];

        var stored = JsonNode.Parse(plan.SchemasJson!)!;
        JsonNode.DeepEquals(Locate(stored, location + ".parameters"), JsonNode.Parse(schema)).ShouldBeTrue();
    }

    [Theory]
    [Trait("Checklist", "C24")]
    [MemberData(nameof(SchemaLocations))]
    public void A_schema_without_dollar_schema_is_refused(string location)
    {
        var problem = Problems(WithSchema(location, """{ "type": "object" }""")).ShouldHaveSingleItem();

        problem.Path.ShouldBe($"{PlanPath}.schemas.{location}.parameters.$schema");
        problem.Message.ShouldContain("'$schema' is missing");
    }

    [Theory]
    [Trait("Checklist", "C24")]
    [InlineData("4")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void Dollar_schema_must_be_a_non_empty_string(string dialect)
    {
        var problem = Problems(WithSchema("service_instance.create", $$"""{ "$schema": {{dialect}} }""")).ShouldHaveSingleItem();

        problem.Path.ShouldBe($"{PlanPath}.schemas.service_instance.create.parameters.$schema");
        problem.Message.ShouldContain("non-empty string");
    }

    [Theory]
    [Trait("Checklist", "C24")]
    [InlineData("\"object\"")]
    [InlineData("[]")]
    [InlineData("true")]
    public void Parameters_must_be_a_schema_object(string parameters)
    {
        var problem = Problems(WithSchema("service_binding.create", parameters)).ShouldHaveSingleItem();

        problem.Path.ShouldBe($"{PlanPath}.schemas.service_binding.create.parameters");
        problem.Message.ShouldContain("JSON Schema object");
    }

    [Theory]
    [Trait("Checklist", "C24")]
    [InlineData("""{ "service_instance": [] }""", "schemas.service_instance")]
    [InlineData("""{ "service_binding": "none" }""", "schemas.service_binding")]
    [InlineData("""{ "service_instance": { "create": 1 } }""", "schemas.service_instance.create")]
    [InlineData("""{ "service_instance": { "update": [] } }""", "schemas.service_instance.update")]
    public void The_levels_above_a_schema_must_be_objects(string schemas, string path)
    {
        var problem = Problems(ValidWith(PlanPath, "schemas", schemas)).ShouldHaveSingleItem();

        problem.Path.ShouldBe($"{PlanPath}.{path}");
        problem.Message.ShouldContain("JSON object");
    }

    [Fact]
    [Trait("Checklist", "C24")]
    public void Schemas_may_leave_out_any_level_and_unknown_groups_are_ignored()
    {
        ParseValid(ValidWith(PlanPath, "schemas", """{ "service_instance": {}, "service_binding": { "create": {} }, "x-other": { "parameters": 1 } }"""));
        ParseValid(ValidWith(PlanPath, "schemas", """{ "service_instance": { "create": { "parameters": null } } }"""));
    }

    [Theory]
    [Trait("Checklist", "C24")]
    [InlineData("https://example.com/schemas/db.json")]
    [InlineData("db.json#/definitions/name")]
    [InlineData("/schemas/db.json")]
    [InlineData("urn:example:db")]
    [InlineData("")]
    public void An_external_ref_is_refused_with_its_location(string reference)
    {
        var schema = $$"""
            { "$schema": "{{Draft04}}", "type": "object",
              "properties": { "name": { "$ref": "#/definitions/name" }, "engine": { "$ref": "{{reference}}" } },
              "definitions": { "name": { "type": "string" } } }
            """;

        var problem = Problems(WithSchema("service_instance.update", schema)).ShouldHaveSingleItem();

        problem.Path.ShouldBe($"{PlanPath}.schemas.service_instance.update.parameters.properties.engine.$ref");
        problem.Message.ShouldContain($"\"{reference}\"");
    }

    [Fact]
    [Trait("Checklist", "C24")]
    public void External_refs_are_found_at_any_depth_and_each_one_is_reported()
    {
        var schema = $$"""
            { "$schema": "{{Draft04}}", "$ref": "base.json",
              "allOf": [ { "$ref": "#/definitions/a" }, { "properties": { "b": { "items": { "$ref": "https://example.com/b.json" } } } } ],
              "definitions": { "a": { "type": "object" }, "weird key": { "$ref": "c.json" } } }
            """;

        var problems = Problems(WithSchema("service_binding.create", schema));

        var prefix = $"{PlanPath}.schemas.service_binding.create.parameters";
        problems.Select(p => p.Path).ShouldBe(
        [
            $"{prefix}.$ref",
            $"{prefix}.allOf[1].properties.b.items.$ref",
            $"{prefix}.definitions[\"weird key\"].$ref",
        ]);
    }

    [Fact]
    [Trait("Checklist", "C24")]
    public void A_dollar_ref_inside_data_or_as_a_property_name_is_no_reference()
    {
        var schema = $$"""
            { "$schema": "{{Draft04}}", "type": "object",
              "properties": { "$ref": { "type": "string", "default": "https://example.com/x.json" },
                              "link": { "type": "object", "default": { "$ref": "https://example.com/d.json" },
                                        "enum": [ { "$ref": "e.json" } ], "examples": [ { "$ref": "f.json" } ],
                                        "const": { "$ref": "g.json" } } } }
            """;

        Problems(WithSchema("service_instance.create", schema)).ShouldBeEmpty();
    }

    /// <summary>A schema whose compact serialization is exactly <paramref name="bytes"/> long.</summary>
    private static string SchemaOfSize(int bytes, char filler = 'x')
    {
        var empty = $$"""{"$schema":"{{Draft04}}","description":""}""";
        var fillerBytes = Encoding.UTF8.GetByteCount(filler.ToString());
        var remaining = bytes - Encoding.UTF8.GetByteCount(empty);
        remaining.ShouldBeGreaterThan(0);
        (remaining % fillerBytes).ShouldBe(0);
        return $$"""{"$schema":"{{Draft04}}","description":"{{new string(filler, remaining / fillerBytes)}}"}""";
    }

    [Fact]
    [Trait("Checklist", "C24")]
    public void A_schema_of_exactly_64_kB_is_accepted()
    {
        CatalogLimits.Default.MaxSchemaBytes.ShouldBe(65_536);

        ParseValid(WithSchema("service_instance.create", SchemaOfSize(65_536)));
    }

    [Fact]
    [Trait("Checklist", "C24")]
    public void A_schema_one_byte_over_64_kB_is_refused()
    {
        var problem = Problems(WithSchema("service_instance.create", SchemaOfSize(65_537))).ShouldHaveSingleItem();

        problem.Path.ShouldBe($"{PlanPath}.schemas.service_instance.create.parameters");
        problem.Message.ShouldContain("65537 bytes");
    }

    [Fact]
    [Trait("Checklist", "C24")]
    public void Size_counts_the_UTF8_bytes_of_non_ASCII_text()
    {
        // 'é' is two bytes in UTF-8 and is not escaped for the count.
        ParseValid(WithSchema("service_binding.create", SchemaOfSize(65_536, 'é')));

        var problem = Problems(WithSchema("service_binding.create", SchemaOfSize(65_538, 'é'))).ShouldHaveSingleItem();
        problem.Message.ShouldContain("65538 bytes");
    }

    [Fact]
    [Trait("Checklist", "C24")]
    public void Indentation_does_not_count_towards_the_size_and_the_broker_text_is_kept_as_sent()
    {
        var properties = new JsonObject();
        for (var i = 0; i < 1_200; i++)
        {
            properties[$"p{i:D4}"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 };
        }

        var schema = new JsonObject { ["$schema"] = Draft04, ["type"] = "object", ["properties"] = properties };
        var indented = schema.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        Encoding.UTF8.GetByteCount(schema.ToJsonString()).ShouldBeLessThanOrEqualTo(65_536);
        Encoding.UTF8.GetByteCount(indented).ShouldBeGreaterThan(65_536);
        var schemas = $$"""{ "service_instance": { "create": { "parameters": {{indented}} } } }""";
        var body = Valid.Replace(
            "\"id\": \"plan-redis-free\",",
            "\"id\": \"plan-redis-free\", \"schemas\": " + schemas + ",",
            StringComparison.Ordinal);
        body.ShouldNotBe(Valid);

        var plan = ParseValid(body).Catalog!.Services[1].Plans[0];

        plan.SchemasJson.ShouldBe(schemas);
    }
}

using Marketplace.Domain.Catalog;
using Shouldly;
using static Marketplace.Domain.Tests.Catalog.CatalogSamples;

namespace Marketplace.Domain.Tests.Catalog;

public sealed class CatalogParseProblems
{
    private static CatalogProblem SingleProblem(string json)
    {
        var result = CatalogParser.Parse(json);
        result.IsValid.ShouldBeFalse();
        result.Catalog.ShouldBeNull();
        return result.Problems.ShouldHaveSingleItem();
    }

    private static void ShouldReportOnly(string json, string path, string messagePart)
    {
        var problem = SingleProblem(json);
        problem.Path.ShouldBe(path);
        problem.Message.ShouldContain(messagePart, Case.Insensitive);
    }

    [Theory]
    [Trait("Checklist", "C16")]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("<html>Service Unavailable</html>")]
    [InlineData("{ \"services\": [] } trailing")]
    [InlineData("{ \"services\": [], }")]
    public void A_body_that_is_not_JSON_is_one_problem_at_the_root(string body) =>
        ShouldReportOnly(body, "$", "not JSON");

    [Theory]
    [Trait("Checklist", "C16")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("\"services\"")]
    public void A_body_that_is_not_an_object_is_one_problem_at_the_root(string body) =>
        ShouldReportOnly(body, "$", "JSON object");

    [Theory]
    [Trait("Checklist", "C16")]
    [InlineData("{}", "missing")]
    [InlineData("{ \"Services\": [] }", "missing")]
    [InlineData("{ \"services\": null }", "must be an array")]
    [InlineData("{ \"services\": {} }", "must be an array")]
    [InlineData("{ \"services\": \"postgres\" }", "must be an array")]
    public void Services_must_be_present_and_an_array(string body, string messagePart) =>
        ShouldReportOnly(body, "services", messagePart);

    [Theory]
    [Trait("Checklist", "C17")]
    [InlineData("services[1]", "id", null, "services[1].id", "missing")]
    [InlineData("services[1]", "id", "\"\"", "services[1].id", "non-empty string")]
    [InlineData("services[1]", "id", "\"  \"", "services[1].id", "non-empty string")]
    [InlineData("services[1]", "id", "7", "services[1].id", "non-empty string")]
    [InlineData("services[1]", "id", "null", "services[1].id", "non-empty string")]
    [InlineData("services[1]", "name", null, "services[1].name", "missing")]
    [InlineData("services[1]", "name", "\"\"", "services[1].name", "non-empty string")]
    [InlineData("services[1]", "description", null, "services[1].description", "missing")]
    [InlineData("services[1]", "description", "[\"d\"]", "services[1].description", "non-empty string")]
    [InlineData("services[1]", "bindable", null, "services[1].bindable", "missing")]
    [InlineData("services[1]", "bindable", "\"true\"", "services[1].bindable", "boolean")]
    [InlineData("services[1]", "bindable", "null", "services[1].bindable", "boolean")]
    [InlineData("services[1]", "plans", null, "services[1].plans", "missing")]
    [InlineData("services[1]", "plans", "[]", "services[1].plans", "at least one plan")]
    [InlineData("services[1]", "plans", "{}", "services[1].plans", "array")]
    [InlineData("services[1]", "plans", "null", "services[1].plans", "array")]
    public void Each_required_offering_field_is_checked(string target, string field, string? json, string path, string messagePart) =>
        ShouldReportOnly(ValidWith(target, field, json), path, messagePart);

    [Theory]
    [Trait("Checklist", "C18")]
    [InlineData("services[0].plans[1]", "id", null, "services[0].plans[1].id", "missing")]
    [InlineData("services[0].plans[1]", "id", "\"\"", "services[0].plans[1].id", "non-empty string")]
    [InlineData("services[0].plans[1]", "id", "123", "services[0].plans[1].id", "non-empty string")]
    [InlineData("services[1].plans[0]", "name", null, "services[1].plans[0].name", "missing")]
    [InlineData("services[1].plans[0]", "name", "\" \"", "services[1].plans[0].name", "non-empty string")]
    [InlineData("services[1].plans[0]", "description", null, "services[1].plans[0].description", "missing")]
    [InlineData("services[1].plans[0]", "description", "false", "services[1].plans[0].description", "non-empty string")]
    public void Each_required_plan_field_is_checked(string target, string field, string? json, string path, string messagePart) =>
        ShouldReportOnly(ValidWith(target, field, json), path, messagePart);

    [Theory]
    [Trait("Checklist", "C17")]
    [InlineData("\"postgres\"")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Each_offering_must_be_an_object(string json) =>
        ShouldReportOnly(ValidWith(root => root["services"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse(json))), "services[2]", "JSON object");

    [Fact]
    [Trait("Checklist", "C18")]
    public void Each_plan_must_be_an_object() =>
        ShouldReportOnly(ValidWith("services[1]", "plans", "[\"free\"]"), "services[1].plans[0]", "JSON object");

    [Fact]
    [Trait("Checklist", "C17")]
    [Trait("Checklist", "C26")]
    public void Offering_ids_must_be_unique() =>
        ShouldReportOnly(ValidWith("services[1]", "id", "\"svc-postgres\""), "services[1].id", "already used at services[0].id");

    [Fact]
    [Trait("Checklist", "C17")]
    [Trait("Checklist", "C19")]
    [Trait("Checklist", "C26")]
    public void Offering_names_must_be_unique_case_sensitively() =>
        ShouldReportOnly(ValidWith("services[1]", "name", "\"postgres\""), "services[1].name", "already used at services[0].name");

    [Fact]
    [Trait("Checklist", "C18")]
    [Trait("Checklist", "C26")]
    public void Plan_ids_must_be_unique_across_the_whole_catalog() =>
        ShouldReportOnly(ValidWith("services[1].plans[0]", "id", "\"plan-pg-small\""), "services[1].plans[0].id", "already used at services[0].plans[0].id");

    [Fact]
    [Trait("Checklist", "C18")]
    [Trait("Checklist", "C26")]
    public void Plan_ids_must_be_unique_within_an_offering_too() =>
        ShouldReportOnly(ValidWith("services[0].plans[1]", "id", "\"plan-pg-small\""), "services[0].plans[1].id", "across the whole catalog");

    [Fact]
    [Trait("Checklist", "C18")]
    [Trait("Checklist", "C26")]
    public void Plan_names_must_be_unique_within_their_offering() =>
        ShouldReportOnly(ValidWith("services[0].plans[1]", "name", "\"small\""), "services[0].plans[1].name", "within its service offering");

    [Theory]
    [Trait("Checklist", "C21")]
    [InlineData("services[0]", "tags", "\"sql\"", "services[0].tags", "array of strings")]
    [InlineData("services[0]", "tags", "[\"sql\", 5]", "services[0].tags[1]", "must be a string")]
    [InlineData("services[0]", "requires", "{}", "services[0].requires", "array of strings")]
    [InlineData("services[1]", "requires", "[null]", "services[1].requires[0]", "must be a string")]
    [InlineData("services[0]", "metadata", "\"PostgreSQL\"", "services[0].metadata", "JSON object")]
    [InlineData("services[0]", "metadata", "[]", "services[0].metadata", "JSON object")]
    [InlineData("services[0]", "plan_updateable", "\"yes\"", "services[0].plan_updateable", "boolean")]
    [InlineData("services[0]", "instances_retrievable", "1", "services[0].instances_retrievable", "boolean")]
    [InlineData("services[0]", "bindings_retrievable", "0", "services[0].bindings_retrievable", "boolean")]
    [InlineData("services[0]", "allow_context_updates", "\"false\"", "services[0].allow_context_updates", "boolean")]
    public void Optional_offering_fields_are_type_checked_when_present(string target, string field, string json, string path, string messagePart) =>
        ShouldReportOnly(ValidWith(target, field, json), path, messagePart);

    [Theory]
    [Trait("Checklist", "C22")]
    [InlineData("free", "\"no\"", "services[0].plans[1].free", "boolean")]
    [InlineData("bindable", "1", "services[0].plans[1].bindable", "boolean")]
    [InlineData("plan_updateable", "[]", "services[0].plans[1].plan_updateable", "boolean")]
    [InlineData("binding_rotatable", "\"true\"", "services[0].plans[1].binding_rotatable", "boolean")]
    [InlineData("metadata", "true", "services[0].plans[1].metadata", "JSON object")]
    [InlineData("maximum_polling_duration", "-1", "services[0].plans[1].maximum_polling_duration", "whole number of seconds")]
    [InlineData("maximum_polling_duration", "1.5", "services[0].plans[1].maximum_polling_duration", "whole number of seconds")]
    [InlineData("maximum_polling_duration", "\"60\"", "services[0].plans[1].maximum_polling_duration", "whole number of seconds")]
    [InlineData("maximum_polling_duration", "2147483648", "services[0].plans[1].maximum_polling_duration", "whole number of seconds")]
    [InlineData("maximum_polling_duration", "1e400", "services[0].plans[1].maximum_polling_duration", "whole number of seconds")]
    [InlineData("maintenance_info", "\"1.0.0\"", "services[0].plans[1].maintenance_info", "object with a 'version'")]
    [InlineData("maintenance_info", "{}", "services[0].plans[1].maintenance_info.version", "missing")]
    [InlineData("maintenance_info", "{ \"description\": \"no version\" }", "services[0].plans[1].maintenance_info.version", "missing")]
    [InlineData("maintenance_info", "{ \"version\": 1 }", "services[0].plans[1].maintenance_info.version", "must be a string")]
    [InlineData("maintenance_info", "{ \"version\": \"1.0\" }", "services[0].plans[1].maintenance_info.version", "Semantic Version 2.0.0")]
    [InlineData("maintenance_info", "{ \"version\": \"1.0.0\", \"description\": 5 }", "services[0].plans[1].maintenance_info.description", "must be a string")]
    [InlineData("schemas", "[]", "services[0].plans[1].schemas", "JSON object")]
    public void Optional_plan_fields_are_type_checked_when_present(string field, string json, string path, string messagePart) =>
        ShouldReportOnly(ValidWith("services[0].plans[1]", field, json), path, messagePart);

    [Fact]
    [Trait("Checklist", "C26")]
    public void Every_problem_is_reported_at_once_in_document_order()
    {
        var body = """
            {
              "services": [
                {
                  "id": "svc-a",
                  "name": "a",
                  "bindable": "yes",
                  "tags": ["ok", 1],
                  "plans": [
                    { "id": "p1", "name": "one", "description": "d", "maintenance_info": { "version": "v1.0.0" } },
                    { "id": "p1", "name": "one", "description": "" },
                    { "name": "three", "description": "d", "free": "no",
                      "schemas": { "service_instance": { "create": { "parameters": { "type": "object", "$ref": "https://example.com/s.json" } } } } }
                  ]
                },
                { "id": "svc-a", "name": "a", "description": "again", "bindable": false, "plans": [] },
                "not an offering",
                { "id": "svc-c", "name": "c", "description": "c", "bindable": true, "plans": [ { "id": "p1", "name": "x", "description": "x" } ] }
              ]
            }
            """;

        var result = CatalogParser.Parse(body);

        result.IsValid.ShouldBeFalse();
        result.Catalog.ShouldBeNull();
        result.Problems.Select(p => p.Path).ShouldBe(
        [
            "services[0].description",
            "services[0].bindable",
            "services[0].tags[1]",
            "services[0].plans[0].maintenance_info.version",
            "services[0].plans[1].id",
            "services[0].plans[1].name",
            "services[0].plans[1].description",
            "services[0].plans[2].id",
            "services[0].plans[2].free",
            "services[0].plans[2].schemas.service_instance.create.parameters.$schema",
            "services[0].plans[2].schemas.service_instance.create.parameters.$ref",
            "services[1].id",
            "services[1].name",
            "services[1].plans",
            "services[2]",
            "services[3].plans[0].id",
        ]);
        result.Problems.ShouldAllBe(p => !string.IsNullOrWhiteSpace(p.Message));
    }

    [Fact]
    [Trait("Checklist", "C26")]
    public void The_problems_summarize_into_one_text_for_the_last_error()
    {
        var problems = CatalogParser.Parse(ValidWith(root =>
        {
            Locate(root, "services[0]").AsObject().Remove("id");
            Locate(root, "services[1].plans[0]").AsObject().Remove("name");
        })).Problems;

        var summary = CatalogProblem.Summarize(problems);

        summary.ShouldStartWith("The catalog is invalid (2 problems):");
        summary.ShouldContain("services[0].id: Required 'id' is missing.");
        summary.ShouldContain("services[1].plans[0].name: Required 'name' is missing.");
        new InvalidCatalogException(problems).Message.ShouldBe(summary);
        new InvalidCatalogException(problems).Problems.ShouldBe(problems);
    }
}

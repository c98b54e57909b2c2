using System.Text.Json.Nodes;
using Marketplace.Domain.Catalog;
using Shouldly;

namespace Marketplace.Domain.Tests.Catalog;

/// <summary>
/// O4: a catalog over the configured bounds (<see cref="CatalogLimits"/>) is refused with every bound it breaks named
/// by its path; a catalog within them parses as before.
/// </summary>
public sealed class CatalogParseLimits
{
    private static string Catalog(int services, int plansEach, string? metadata = null) =>
        new JsonObject
        {
            ["services"] = new JsonArray([.. Enumerable.Range(0, services).Select(s => (JsonNode)new JsonObject
            {
                ["id"] = $"service-{s}",
                ["name"] = $"service-{s}",
                ["description"] = "A service",
                ["bindable"] = true,
                ["metadata"] = metadata is null ? null : JsonNode.Parse(metadata),
                ["plans"] = new JsonArray([.. Enumerable.Range(0, plansEach).Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = $"plan-{s}-{p}",
                    ["name"] = $"plan-{p}",
                    ["description"] = "A plan",
                    ["metadata"] = metadata is null ? null : JsonNode.Parse(metadata),
                })]),
            })]),
        }.ToJsonString();

    [Fact]
    public void A_catalog_within_the_bounds_parses()
    {
        var result = CatalogParser.Parse(Catalog(3, 2, """{"x":"12345"}"""), new CatalogLimits { MaxServices = 3, MaxPlans = 6, MaxMetadataBytes = 13 });

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Problems.Select(p => p.ToString())));
        result.Catalog!.Services.SelectMany(s => s.Plans).Count().ShouldBe(6);
    }

    [Fact]
    public void Too_many_services_is_one_problem_on_services_and_nothing_more_is_read()
    {
        var result = CatalogParser.Parse(Catalog(4, 1), new CatalogLimits { MaxServices = 3 });

        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("services");
        problem.Message.ShouldContain("4 service offerings; at most 3");
    }

    [Fact]
    public void Too_many_plans_is_a_problem_at_the_first_plan_over_the_bound()
    {
        var result = CatalogParser.Parse(Catalog(3, 2), new CatalogLimits { MaxPlans = 5 });

        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("services[2].plans[1]");
        problem.Message.ShouldContain("more than 5 plans");
    }

    [Fact]
    public void Every_metadata_over_its_size_is_named_with_the_other_problems()
    {
        var result = CatalogParser.Parse(Catalog(2, 1, """{"x":"123456"}"""), new CatalogLimits { MaxMetadataBytes = 13, MaxPlans = 1 });

        result.Problems.Select(p => p.Path).ShouldBe(
            ["services[0].metadata", "services[0].plans[0].metadata", "services[1].metadata", "services[1].plans[0]"], ignoreOrder: true);
        result.Problems.Where(p => p.Path.EndsWith("metadata", StringComparison.Ordinal)).ShouldAllBe(p => p.Message.Contains("14 bytes"));
    }

    [Fact]
    public void Nesting_deeper_than_the_bound_is_not_taken_as_JSON()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"a":""", 10)) + "1" + new string('}', 10);

        var result = CatalogParser.Parse(Catalog(1, 1, deep), new CatalogLimits { MaxDepth = 8 });

        result.Problems.ShouldHaveSingleItem().Message.ShouldStartWith("The body is not JSON");
    }

    [Theory]
    [InlineData(nameof(CatalogLimits.MaxServices))]
    [InlineData(nameof(CatalogLimits.MaxDepth))]
    public void Limits_no_catalog_could_meet_are_refused_at_start_naming_the_key(string key)
    {
        var limits = key == nameof(CatalogLimits.MaxServices) ? new CatalogLimits { MaxServices = 0 } : new CatalogLimits { MaxDepth = 60 };

        Should.Throw<InvalidOperationException>(limits.Validate).Message.ShouldContain($"Catalog:Limits:{key}");
    }
}

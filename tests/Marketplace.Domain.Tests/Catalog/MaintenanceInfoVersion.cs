using Marketplace.Domain.Catalog;
using Shouldly;
using static Marketplace.Domain.Tests.Catalog.CatalogSamples;

namespace Marketplace.Domain.Tests.Catalog;

public sealed class MaintenanceInfoVersion
{
    [Theory]
    [Trait("Checklist", "C22")]
    [InlineData("0.0.0")]
    [InlineData("1.0.0")]
    [InlineData("10.20.30")]
    [InlineData("1.0.0-alpha")]
    [InlineData("1.0.0-alpha.1")]
    [InlineData("1.0.0-0.3.7")]
    [InlineData("1.0.0-x.7.z.92")]
    [InlineData("1.0.0-x-y-z.--")]
    [InlineData("1.0.0--")]
    [InlineData("1.0.0-0A.is.legal")]
    [InlineData("1.0.0-alpha+001")]
    [InlineData("1.0.0+20130313144700")]
    [InlineData("1.0.0-beta+exp.sha.5114f85")]
    [InlineData("1.0.0+21AF26D3----117B344092BD")]
    [InlineData("1.1.2-prerelease+meta")]
    [InlineData("1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay")]
    [InlineData("99999999999999999999999.999999999999999999.99999999999999999")]
    public void Valid_semantic_versions_are_accepted(string version)
    {
        SemanticVersion.IsValid(version).ShouldBeTrue();

        var catalog = ParseValid(ValidWith("services[0].plans[1]", "maintenance_info", $$"""{ "version": "{{version}}" }""")).Catalog!;
        catalog.Services[0].Plans[1].MaintenanceInfoVersion.ShouldBe(version);
    }

    [Theory]
    [Trait("Checklist", "C22")]
    [Trait("Checklist", "C26")]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("01.1.1")]
    [InlineData("1.01.1")]
    [InlineData("1.1.01")]
    [InlineData("v1.2.3")]
    [InlineData("-1.2.3")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-+")]
    [InlineData("1.2.3-0123")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-alpha..1")]
    [InlineData("1.2.3-alpha_beta")]
    [InlineData("1.2.3+build..1")]
    [InlineData("1.2.3+build+again")]
    [InlineData("1.2.3 ")]
    [InlineData(" 1.2.3")]
    [InlineData("1.2.3\n")]
    [InlineData("1.2.x")]
    [InlineData("١.2.3")]
    [InlineData("latest")]
    public void Invalid_semantic_versions_are_refused(string version)
    {
        SemanticVersion.IsValid(version).ShouldBeFalse();

        var json = ValidWith(root => Locate(root, "services[0].plans[1]")["maintenance_info"] =
            new System.Text.Json.Nodes.JsonObject { ["version"] = version });
        var problem = CatalogParser.Parse(json).Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("services[0].plans[1].maintenance_info.version");
        problem.Message.ShouldContain("Semantic Version 2.0.0");
    }

    [Fact]
    public void Null_is_no_semantic_version() => SemanticVersion.IsValid(null).ShouldBeFalse();
}

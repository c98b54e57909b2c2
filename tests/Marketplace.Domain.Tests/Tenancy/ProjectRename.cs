using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Tenancy;

public sealed class ProjectRename
{
    private static Project WebShop() => Project.Create(AcmeId, "web-shop", "Web shop", RegisteredAt);

    [Fact]
    public void Renaming_changes_the_trimmed_name_and_the_version()
    {
        var project = WebShop();
        var version = project.Version;

        project.Rename(" Online store ");

        project.Name.ShouldBe("Online store");
        project.Identifier.ShouldBe("web-shop");
        project.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Renaming_to_the_current_name_is_a_no_op_that_keeps_the_version()
    {
        var project = WebShop();
        var version = project.Version;

        project.Rename(" Web shop");

        project.Version.ShouldBe(version);
    }

    [Fact]
    public void NameMustNotBeEmpty_is_broken_by_renaming_a_project_to_whitespace()
    {
        var project = WebShop();
        var version = project.Version;

        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(() => project.Rename("   "));

        violation.Code.ShouldBe("project.name_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        project.Name.ShouldBe("Web shop");
        project.Version.ShouldBe(version);
    }
}

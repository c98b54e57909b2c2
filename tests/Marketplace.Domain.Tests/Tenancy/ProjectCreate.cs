using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Tenancy;

public sealed class ProjectCreate
{
    [Fact]
    public void A_project_is_created_for_its_customer_without_members_or_locations()
    {
        var project = Project.Create(AcmeId, "web-shop", " Web shop ", RegisteredAt);

        project.CustomerId.ShouldBe(AcmeId);
        project.Identifier.ShouldBe("web-shop");
        project.Name.ShouldBe("Web shop");
        project.CreatedAt.ShouldBe(RegisteredAt);
        project.Members.ShouldBeEmpty();
        project.Locations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidIdentifiers), MemberType = typeof(TestData))]
    public void IdentifierMustBeASlug_is_broken_by_a_project_identifier_that_is_no_lowercase_slug(string? identifier)
    {
        var violation = AssertBrokenRule<IdentifierMustBeASlugRule>(() => Project.Create(AcmeId, identifier!, "Web shop", RegisteredAt));

        violation.Code.ShouldBe("project.identifier_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("identifier");
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidNames), MemberType = typeof(TestData))]
    public void NameMustNotBeEmpty_is_broken_by_a_blank_or_overlong_project_name(string? name)
    {
        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(() => Project.Create(AcmeId, "web-shop", name!, RegisteredAt));

        violation.Code.ShouldBe("project.name_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("name");
    }
}

using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Tenancy;

public sealed class CustomerRename
{
    [Fact]
    public void Renaming_changes_the_trimmed_name_and_the_version()
    {
        var customer = Acme();
        var version = customer.Version;

        customer.Rename("  ACME Industries ");

        customer.Name.ShouldBe("ACME Industries");
        customer.Version.ShouldNotBe(version);
    }

    [Theory]
    [InlineData("ACME Corp")]
    [InlineData("  ACME Corp  ")]
    public void Renaming_to_the_current_name_is_a_no_op_that_keeps_the_version(string sameName)
    {
        var customer = Acme();
        var version = customer.Version;

        customer.Rename(sameName);

        customer.Name.ShouldBe("ACME Corp");
        customer.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidNames), MemberType = typeof(TestData))]
    public void NameMustNotBeEmpty_is_broken_by_renaming_a_customer_to_a_blank_or_overlong_name(string? name)
    {
        var customer = Acme();
        var version = customer.Version;

        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(() => customer.Rename(name!));

        violation.Code.ShouldBe("customer.name_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        customer.Name.ShouldBe("ACME Corp");
        customer.Version.ShouldBe(version);
    }
}

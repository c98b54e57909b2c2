using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Tenancy;

public sealed class CustomerCreate
{
    [Fact]
    public void A_customer_is_created_with_its_identifier_trimmed_name_and_creation_time()
    {
        var customer = Customer.Create("acme", "  ACME Corp  ", RegisteredAt);

        customer.Identifier.ShouldBe("acme");
        customer.Name.ShouldBe("ACME Corp");
        customer.CreatedAt.ShouldBe(RegisteredAt);
        customer.Admins.ShouldBeEmpty();
        customer.Id.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public void Two_customers_get_different_ids_and_versions()
    {
        var acme = Acme();
        var globex = Globex();

        acme.Id.ShouldNotBe(globex.Id);
        acme.Version.ShouldNotBe(globex.Version);
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidIdentifiers), MemberType = typeof(TestData))]
    public void IdentifierMustBeASlug_is_broken_by_a_customer_identifier_that_is_no_lowercase_slug(string? identifier)
    {
        var violation = AssertBrokenRule<IdentifierMustBeASlugRule>(() => Customer.Create(identifier!, "ACME Corp", RegisteredAt));

        violation.Code.ShouldBe("customer.identifier_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("identifier");
    }

    [Theory]
    [MemberData(nameof(TestData.ValidIdentifiers), MemberType = typeof(TestData))]
    public void IdentifierMustBeASlug_holds_for_3_to_63_lowercase_letters_digits_and_dashes(string identifier)
    {
        Customer.Create(identifier, "ACME Corp", RegisteredAt).Identifier.ShouldBe(identifier);
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidNames), MemberType = typeof(TestData))]
    public void NameMustNotBeEmpty_is_broken_by_a_blank_or_overlong_customer_name(string? name)
    {
        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(() => Customer.Create("acme", name!, RegisteredAt));

        violation.Code.ShouldBe("customer.name_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("name");
    }

    [Fact]
    public void NameMustNotBeEmpty_holds_for_a_name_of_200_characters()
    {
        var name = new string('n', NameMustNotBeEmptyRule.MaxLength);

        Customer.Create("acme", name, RegisteredAt).Name.ShouldBe(name);
    }
}

using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;
using Marketplace.Domain.Tenancy.Rules;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Tenancy;

public sealed class LocationCreate
{
    [Fact]
    public void A_public_location_accepts_publications_and_is_visible_to_every_customer()
    {
        var location = Location.CreatePublic("eu-west", "  EU West ");

        location.Identifier.ShouldBe("eu-west");
        location.Name.ShouldBe("EU West");
        location.Type.ShouldBe(LocationType.Public);
        location.CustomerId.ShouldBeNull();
        location.AcceptsPublications.ShouldBeTrue();
        location.IsVisibleTo(AcmeId).ShouldBeTrue();
        location.IsVisibleTo(Guid.NewGuid()).ShouldBeTrue();
    }

    [Fact]
    public void The_global_location_has_its_fixed_id_and_accepts_publications()
    {
        var global = Location.CreateGlobal();

        global.Id.ShouldBe(Location.GlobalId);
        global.Identifier.ShouldBe("global");
        global.Type.ShouldBe(LocationType.Global);
        global.CustomerId.ShouldBeNull();
        global.AcceptsPublications.ShouldBeTrue();
        global.IsVisibleTo(AcmeId).ShouldBeTrue();
    }

    [Fact]
    public void A_private_location_belongs_to_its_customer_only_and_accepts_no_publications()
    {
        var acme = Acme();

        var location = Location.CreatePrivateFor(acme);

        location.Identifier.ShouldBe("private-acme");
        location.Identifier.ShouldBe(Location.PrivateIdentifierOf("acme"));
        location.Name.ShouldBe("ACME Corp (private)");
        location.Type.ShouldBe(LocationType.Private);
        location.CustomerId.ShouldBe(acme.Id);
        location.AcceptsPublications.ShouldBeFalse();
        location.IsVisibleTo(acme.Id).ShouldBeTrue();
        location.IsVisibleTo(Globex().Id).ShouldBeFalse();
    }

    [Theory]
    [InlineData("global")]
    [InlineData("private-acme")]
    [InlineData("private-")]
    public void LocationIdentifierIsReserved_is_broken_by_global_and_private_identifiers(string identifier)
    {
        var violation = AssertBrokenRule<LocationIdentifierIsReservedRule>(() => Location.CreatePublic(identifier, "Reserved"));

        violation.Code.ShouldBe("location.identifier_reserved");
        violation.Kind.ShouldBe(RuleKind.Refused);
        violation.Field.ShouldBe("identifier");
    }

    [Theory]
    [InlineData("global-eu")]
    [InlineData("private")]
    [InlineData("privately-hosted")]
    public void LocationIdentifierIsReserved_holds_for_identifiers_that_only_resemble_reserved_ones(string identifier)
    {
        Location.CreatePublic(identifier, "Look-alike").Identifier.ShouldBe(identifier);
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidIdentifiers), MemberType = typeof(TestData))]
    public void IdentifierMustBeASlug_is_broken_by_a_location_identifier_that_is_no_lowercase_slug(string? identifier)
    {
        var violation = AssertBrokenRule<IdentifierMustBeASlugRule>(() => Location.CreatePublic(identifier!, "EU West"));

        violation.Code.ShouldBe("location.identifier_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidNames), MemberType = typeof(TestData))]
    public void NameMustNotBeEmpty_is_broken_by_a_blank_or_overlong_location_name(string? name)
    {
        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(() => Location.CreatePublic("eu-west", name!));

        violation.Code.ShouldBe("location.name_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
    }
}

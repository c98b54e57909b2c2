using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;
using Marketplace.Domain.Tenancy.Rules;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Tenancy;

public sealed class ProjectEnableLocation
{
    private static Project ProjectOf(Customer customer) => Project.Create(customer.Id, "web-shop", "Web shop", RegisteredAt);

    private static string[] EnabledLocations(Project project) =>
        [.. project.Locations.Select(l => l.LocationIdentifier)];

    [Fact]
    public void Enabling_a_public_location_adds_it_and_changes_the_version()
    {
        var project = ProjectOf(Acme());
        var version = project.Version;

        project.EnableLocation(EuWest());

        EnabledLocations(project).ShouldBe(["eu-west"]);
        project.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Global_and_several_public_locations_can_be_enabled()
    {
        var project = ProjectOf(Acme());

        project.EnableLocation(Location.CreateGlobal());
        project.EnableLocation(EuWest());
        project.EnableLocation(UsEast());

        EnabledLocations(project).ShouldBe(["global", "eu-west", "us-east"], ignoreOrder: true);
    }

    [Fact]
    public void Enabling_an_enabled_location_again_is_a_no_op_that_keeps_the_version()
    {
        var project = ProjectOf(Acme());
        project.EnableLocation(EuWest());
        var version = project.Version;

        project.EnableLocation(EuWest());

        EnabledLocations(project).ShouldBe(["eu-west"]);
        project.Version.ShouldBe(version);
    }

    [Fact]
    public void PrivateLocationOnlyForOwnCustomer_holds_for_the_private_location_of_the_projects_customer()
    {
        var acme = Acme();
        var project = ProjectOf(acme);

        project.EnableLocation(Location.CreatePrivateFor(acme));

        EnabledLocations(project).ShouldBe(["private-acme"]);
    }

    [Fact]
    public void PrivateLocationOnlyForOwnCustomer_is_broken_by_another_customers_private_location_reported_as_unknown()
    {
        var project = ProjectOf(Acme());
        var version = project.Version;
        var globexPrivate = Location.CreatePrivateFor(Globex());

        var violation = AssertBrokenRule<PrivateLocationOnlyForOwnCustomerRule>(() => project.EnableLocation(globexPrivate));

        violation.Code.ShouldBe("location.unknown");
        violation.Kind.ShouldBe(RuleKind.Refused);
        violation.Message.ShouldContain("private-globex");
        project.Locations.ShouldBeEmpty();
        project.Version.ShouldBe(version);
    }

    [Fact]
    public void Disabling_an_enabled_location_removes_it_and_changes_the_version()
    {
        var project = ProjectOf(Acme());
        project.EnableLocation(EuWest());
        project.EnableLocation(UsEast());
        var version = project.Version;

        project.DisableLocation("eu-west");

        EnabledLocations(project).ShouldBe(["us-east"]);
        project.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Disabling_a_location_that_is_not_enabled_is_a_no_op_that_keeps_the_version()
    {
        var project = ProjectOf(Acme());
        project.EnableLocation(EuWest());
        var version = project.Version;

        project.DisableLocation("us-east");

        EnabledLocations(project).ShouldBe(["eu-west"]);
        project.Version.ShouldBe(version);
    }
}

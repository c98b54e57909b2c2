using Marketplace.Domain.Tenancy;
using Shouldly;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Tenancy;

public sealed class ProjectMembers
{
    private static Project WebShop() => Project.Create(AcmeId, "web-shop", "Web shop", RegisteredAt);

    [Fact]
    public void Adding_a_member_changes_the_version()
    {
        var project = WebShop();
        var version = project.Version;

        project.AddMember("carol");

        project.HasMember("carol").ShouldBeTrue();
        project.Members.Select(m => m.UserId).ShouldBe(["carol"]);
        project.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Adding_an_existing_member_again_is_a_no_op_that_keeps_the_version()
    {
        var project = WebShop();
        project.AddMember("carol");
        var version = project.Version;

        project.AddMember("carol");

        project.Members.Count.ShouldBe(1);
        project.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Adding_a_blank_user_id_is_refused_as_a_programming_error(string userId)
    {
        var project = WebShop();

        Should.Throw<ArgumentException>(() => project.AddMember(userId));

        project.Members.ShouldBeEmpty();
    }

    [Fact]
    public void Removing_a_member_changes_the_version()
    {
        var project = WebShop();
        project.AddMember("carol");
        project.AddMember("dave");
        var version = project.Version;

        project.RemoveMember("carol");

        project.HasMember("carol").ShouldBeFalse();
        project.HasMember("dave").ShouldBeTrue();
        project.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Removing_a_user_who_is_no_member_is_a_no_op_that_keeps_the_version()
    {
        var project = WebShop();
        project.AddMember("carol");
        var version = project.Version;

        project.RemoveMember("erin");

        project.Members.Count.ShouldBe(1);
        project.Version.ShouldBe(version);
    }
}

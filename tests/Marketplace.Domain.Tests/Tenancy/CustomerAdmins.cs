using Shouldly;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Tenancy;

public sealed class CustomerAdmins
{
    [Fact]
    public void Granting_an_admin_adds_the_user_and_changes_the_version()
    {
        var customer = Acme();
        var version = customer.Version;

        customer.GrantAdmin("alice");

        customer.IsAdmin("alice").ShouldBeTrue();
        customer.Admins.Select(a => a.UserId).ShouldBe(["alice"]);
        customer.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Granting_an_existing_admin_twice_is_a_no_op_that_keeps_the_version()
    {
        var customer = Acme();
        customer.GrantAdmin("alice");
        var version = customer.Version;

        customer.GrantAdmin("alice");

        customer.Admins.Count.ShouldBe(1);
        customer.Version.ShouldBe(version);
    }

    [Fact]
    public void Several_admins_can_be_granted_and_each_grant_changes_the_version()
    {
        var customer = Acme();
        customer.GrantAdmin("alice");
        var afterAlice = customer.Version;

        customer.GrantAdmin("bob");

        customer.Admins.Select(a => a.UserId).ShouldBe(["alice", "bob"], ignoreOrder: true);
        customer.Version.ShouldNotBe(afterAlice);
    }

    [Fact]
    public void Admins_are_compared_by_exact_user_id()
    {
        var customer = Acme();
        customer.GrantAdmin("alice");

        customer.IsAdmin("Alice").ShouldBeFalse();
        customer.IsAdmin("bob").ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Granting_a_blank_user_id_is_refused_as_a_programming_error(string userId)
    {
        var customer = Acme();
        var version = customer.Version;

        Should.Throw<ArgumentException>(() => customer.GrantAdmin(userId));

        customer.Admins.ShouldBeEmpty();
        customer.Version.ShouldBe(version);
    }

    [Fact]
    public void Revoking_an_admin_removes_the_user_and_changes_the_version()
    {
        var customer = Acme();
        customer.GrantAdmin("alice");
        customer.GrantAdmin("bob");
        var version = customer.Version;

        customer.RevokeAdmin("alice");

        customer.IsAdmin("alice").ShouldBeFalse();
        customer.IsAdmin("bob").ShouldBeTrue();
        customer.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Revoking_a_user_who_is_no_admin_is_a_no_op_that_keeps_the_version()
    {
        var customer = Acme();
        customer.GrantAdmin("alice");
        var version = customer.Version;

        customer.RevokeAdmin("mallory");

        customer.Admins.Count.ShouldBe(1);
        customer.Version.ShouldBe(version);
    }
}

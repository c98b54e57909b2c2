using Marketplace.Domain.Brokers;
using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Brokers;

public sealed class ServiceBrokerEdit
{
    [Fact]
    public void Every_field_but_the_identifier_can_be_edited()
    {
        var broker = Broker();
        var version = broker.Version;

        var connectionChanged = broker.Edit(new BrokerEdit(
            Name: " Postgres (EU) ",
            Endpoint: "https://pg.internal.example.com/",
            Username: "osb",
            ProtectedPassword: "protected(new)",
            DevelopmentMode: false,
            RequestTimeoutSeconds: 120));

        connectionChanged.ShouldBeTrue();
        broker.Name.ShouldBe("Postgres (EU)");
        broker.Endpoint.ShouldBe("https://pg.internal.example.com");
        broker.Username.ShouldBe("osb");
        broker.ProtectedPassword.ShouldBe("protected(new)");
        broker.DevelopmentMode.ShouldBeFalse();
        broker.RequestTimeoutSeconds.ShouldBe(120);
        broker.Identifier.ShouldBe("postgres-broker");
        broker.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Absent_values_stay_and_an_empty_edit_is_a_no_op_that_keeps_the_version()
    {
        var broker = Broker();
        var version = broker.Version;

        var connectionChanged = broker.Edit(new BrokerEdit());

        connectionChanged.ShouldBeFalse();
        broker.Name.ShouldBe("Postgres Broker");
        broker.Endpoint.ShouldBe("http://localhost:8080");
        broker.Username.ShouldBe("broker");
        broker.ProtectedPassword.ShouldBe("protected(s3cr3t:with-colon)");
        broker.DevelopmentMode.ShouldBeTrue();
        broker.RequestTimeoutSeconds.ShouldBe(60);
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void Repeating_the_current_values_is_a_no_op_that_keeps_the_version()
    {
        var broker = Broker();
        var version = broker.Version;

        var connectionChanged = broker.Edit(new BrokerEdit(
            Name: "Postgres Broker ",
            Endpoint: "http://localhost:8080/",
            Username: "broker",
            DevelopmentMode: true,
            RequestTimeoutSeconds: 60));

        connectionChanged.ShouldBeFalse();
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void Renaming_or_a_new_timeout_changes_the_version_but_not_the_connection()
    {
        var broker = Broker();
        var version = broker.Version;

        var connectionChanged = broker.Edit(new BrokerEdit(Name: "Postgres", RequestTimeoutSeconds: 5));

        connectionChanged.ShouldBeFalse();
        broker.Name.ShouldBe("Postgres");
        broker.RequestTimeoutSeconds.ShouldBe(5);
        broker.Version.ShouldNotBe(version);
    }

    public static TheoryData<BrokerEdit> ConnectionEdits() => new()
    {
        new BrokerEdit(Endpoint: "http://localhost:9090"),
        new BrokerEdit(Username: "other"),
        new BrokerEdit(ProtectedPassword: "protected(rotated)"),
        new BrokerEdit(DevelopmentMode: false),
    };

    [Theory]
    [MemberData(nameof(ConnectionEdits))]
    public void Changing_endpoint_credentials_or_development_mode_reports_a_connection_change(BrokerEdit edit)
    {
        var broker = Broker();
        var version = broker.Version;

        broker.Edit(edit).ShouldBeTrue();

        broker.Version.ShouldNotBe(version);
    }

    [Fact]
    public void A_new_password_can_be_set_at_any_time_even_with_publications()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.ApprovePublication(publication.Id, PlatformAdmin, DecidedAt);

        broker.Edit(new BrokerEdit(ProtectedPassword: "protected(rotated)")).ShouldBeTrue();

        broker.ProtectedPassword.ShouldBe("protected(rotated)");
        publication.ProtectedPassword.ShouldBe("protected(publication-secret)");
    }

    [Fact]
    public void NameMustNotBeEmpty_is_broken_by_editing_the_name_to_whitespace_and_nothing_changes()
    {
        var broker = Broker();
        var version = broker.Version;

        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(
            () => broker.Edit(new BrokerEdit(Name: "  ", Username: "other")));

        violation.Code.ShouldBe("broker.name_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        broker.Name.ShouldBe("Postgres Broker");
        broker.Username.ShouldBe("broker");
        broker.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://pg.example.com")]
    [InlineData("https://pg.example.com?x=1")]
    public void BrokerEndpointMustBeAnAbsoluteHttpUrl_is_broken_by_editing_to_an_invalid_endpoint(string endpoint)
    {
        var broker = Broker();
        var version = broker.Version;

        var violation = AssertBrokenRule<BrokerEndpointMustBeAnAbsoluteHttpUrlRule>(
            () => broker.Edit(new BrokerEdit(Name: "Renamed", Endpoint: endpoint)));

        violation.Code.ShouldBe("broker.endpoint_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        broker.Endpoint.ShouldBe("http://localhost:8080");
        broker.Name.ShouldBe("Postgres Broker");
        broker.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a:b")]
    public void BrokerUsernameMustNotBeEmpty_is_broken_by_editing_to_an_empty_username_or_one_with_a_colon(string username)
    {
        var broker = Broker();

        var violation = AssertBrokenRule<BrokerUsernameMustNotBeEmptyRule>(() => broker.Edit(new BrokerEdit(Username: username)));

        violation.Code.ShouldBe("broker.username_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        broker.Username.ShouldBe("broker");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(601)]
    public void RequestTimeoutMustBeInRange_is_broken_by_editing_to_a_timeout_outside_the_range(int seconds)
    {
        var broker = Broker();

        var violation = AssertBrokenRule<RequestTimeoutMustBeInRangeRule>(
            () => broker.Edit(new BrokerEdit(RequestTimeoutSeconds: seconds)));

        violation.Code.ShouldBe("broker.request_timeout_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        broker.RequestTimeoutSeconds.ShouldBe(60);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("Postgres-Broker")]
    [InlineData("")]
    public void BrokerIdentifierIsImmutable_is_broken_by_requesting_another_identifier(string requested)
    {
        var broker = Broker();
        var version = broker.Version;

        var violation = AssertBrokenRule<BrokerIdentifierIsImmutableRule>(() => broker.EnsureIdentifierUnchanged(requested));

        violation.Code.ShouldBe("broker.identifier_immutable");
        violation.Kind.ShouldBe(RuleKind.Refused);
        violation.Field.ShouldBe("identifier");
        broker.Identifier.ShouldBe("postgres-broker");
        broker.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData("postgres-broker")]
    [InlineData(null)]
    public void BrokerIdentifierIsImmutable_holds_when_the_same_identifier_or_none_is_requested(string? requested)
    {
        var broker = Broker();
        var version = broker.Version;

        Should.NotThrow(() => broker.EnsureIdentifierUnchanged(requested));

        broker.Identifier.ShouldBe("postgres-broker");
        broker.Version.ShouldBe(version);
    }
}

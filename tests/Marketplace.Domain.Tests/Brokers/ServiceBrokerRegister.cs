using Marketplace.Domain.Brokers;
using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tests.Support;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Brokers;

public sealed class ServiceBrokerRegister
{
    [Fact]
    public void A_registered_broker_is_private_and_keeps_every_registration_field()
    {
        var broker = ServiceBroker.Register(Registration() with { Name = "  Postgres Broker " }, RegisteredAt);

        broker.CustomerId.ShouldBe(AcmeId);
        broker.Name.ShouldBe("Postgres Broker");
        broker.Identifier.ShouldBe("postgres-broker");
        broker.Endpoint.ShouldBe("http://localhost:8080");
        broker.Username.ShouldBe("broker");
        broker.ProtectedPassword.ShouldBe("protected(s3cr3t:with-colon)");
        broker.DevelopmentMode.ShouldBeTrue();
        broker.RegisteredAt.ShouldBe(RegisteredAt);
        broker.Publications.ShouldBeEmpty();
        broker.Id.ShouldNotBe(Guid.Empty);
    }

    [Theory]
    [InlineData("http://localhost:8080/", "http://localhost:8080")]
    [InlineData("https://pg.example.com", "https://pg.example.com")]
    [InlineData("https://pg.example.com:443/", "https://pg.example.com")]
    [InlineData("  https://PG.Example.com/osb/ ", "https://pg.example.com/osb")]
    [InlineData("http://10.0.0.7:9000/brokers/pg//", "http://10.0.0.7:9000/brokers/pg")]
    public void The_endpoint_is_stored_as_a_root_url_without_trailing_slash(string endpoint, string expected)
    {
        var broker = ServiceBroker.Register(Registration() with { Endpoint = endpoint }, RegisteredAt);

        broker.Endpoint.ShouldBe(expected);
    }

    [Fact]
    public void Without_a_request_timeout_the_default_of_60_seconds_applies()
    {
        Broker().RequestTimeoutSeconds.ShouldBe(ServiceBroker.DefaultRequestTimeoutSeconds);
        ServiceBroker.DefaultRequestTimeoutSeconds.ShouldBe(60);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pass:word with spaces, colons: and ünïcode")]
    public void The_password_may_be_any_characters(string protectedPassword)
    {
        var broker = ServiceBroker.Register(Registration() with { ProtectedPassword = protectedPassword }, RegisteredAt);

        broker.ProtectedPassword.ShouldBe(protectedPassword);
    }

    [Fact]
    public void Development_mode_is_optional_for_the_private_registration()
    {
        ServiceBroker.Register(Registration() with { DevelopmentMode = false }, RegisteredAt).DevelopmentMode.ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidIdentifiers), MemberType = typeof(TestData))]
    public void IdentifierMustBeASlug_is_broken_by_a_broker_identifier_that_is_no_lowercase_slug(string? identifier)
    {
        var violation = AssertBrokenRule<IdentifierMustBeASlugRule>(
            () => ServiceBroker.Register(Registration() with { Identifier = identifier! }, RegisteredAt));

        violation.Code.ShouldBe("broker.identifier_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("identifier");
    }

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(TestData.InvalidNames), MemberType = typeof(TestData))]
    public void NameMustNotBeEmpty_is_broken_by_a_blank_or_overlong_broker_name(string? name)
    {
        var violation = AssertBrokenRule<NameMustNotBeEmptyRule>(
            () => ServiceBroker.Register(Registration() with { Name = name! }, RegisteredAt));

        violation.Code.ShouldBe("broker.name_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("name");
    }

    public static TheoryData<string> InvalidEndpoints() => new()
    {
        "",
        "   ",
        "pg.example.com",
        "/v2/catalog",
        "ftp://pg.example.com",
        "file:///srv/broker",
        "https://user:secret@pg.example.com",
        "https://pg.example.com/?region=eu",
        "https://pg.example.com/#catalog",
        "https://pg.example.com/#",
        "https://pg.example.com/?",
    };

    [Theory]
    [InlineData(null)]
    [MemberData(nameof(InvalidEndpoints))]
    public void BrokerEndpointMustBeAnAbsoluteHttpUrl_is_broken_by_an_endpoint_that_is_no_absolute_http_root_url(string? endpoint)
    {
        var violation = AssertBrokenRule<BrokerEndpointMustBeAnAbsoluteHttpUrlRule>(
            () => ServiceBroker.Register(Registration() with { Endpoint = endpoint! }, RegisteredAt));

        violation.Code.ShouldBe("broker.endpoint_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("endpoint");
        violation.Message.ShouldStartWith("The endpoint must");
    }

    [Fact]
    public void BrokerEndpointMustBeAnAbsoluteHttpUrl_is_broken_by_an_endpoint_that_grows_past_the_limit_once_normalised()
    {
        // 2,000 characters as sent; every space becomes %20, so the URL that would be stored has about 3,900.
        var endpoint = "https://pg.example.com/" + string.Concat(Enumerable.Repeat("a b", 659));
        endpoint.Length.ShouldBeLessThanOrEqualTo(BrokerEndpoint.MaxLength);

        var violation = AssertBrokenRule<BrokerEndpointMustBeAnAbsoluteHttpUrlRule>(
            () => ServiceBroker.Register(Registration() with { Endpoint = endpoint }, RegisteredAt));

        violation.Field.ShouldBe("endpoint");
        violation.Message.ShouldContain("once normalised");
    }

    [Fact]
    public void BrokerEndpointMustBeAnAbsoluteHttpUrl_holds_for_plain_http_on_the_private_registration()
    {
        Broker().Endpoint.ShouldStartWith("http://");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("user:name")]
    [InlineData(":")]
    public void BrokerUsernameMustNotBeEmpty_is_broken_by_an_empty_username_or_one_with_a_colon(string? username)
    {
        var violation = AssertBrokenRule<BrokerUsernameMustNotBeEmptyRule>(
            () => ServiceBroker.Register(Registration() with { Username = username! }, RegisteredAt));

        violation.Code.ShouldBe("broker.username_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("username");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(601)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void RequestTimeoutMustBeInRange_is_broken_by_a_timeout_outside_1_to_600_seconds(int seconds)
    {
        var violation = AssertBrokenRule<RequestTimeoutMustBeInRangeRule>(
            () => ServiceBroker.Register(Registration() with { RequestTimeoutSeconds = seconds }, RegisteredAt));

        violation.Code.ShouldBe("broker.request_timeout_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("requestTimeoutSeconds");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(600)]
    public void RequestTimeoutMustBeInRange_holds_for_1_to_600_seconds(int seconds)
    {
        var broker = ServiceBroker.Register(Registration() with { RequestTimeoutSeconds = seconds }, RegisteredAt);

        broker.RequestTimeoutSeconds.ShouldBe(seconds);
    }
}

using Marketplace.Domain.Brokers;
using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Brokers;

public sealed class ServiceBrokerPublish
{
    [Fact]
    public void A_publication_is_a_pending_deployment_with_its_own_endpoint_and_credentials()
    {
        var broker = Broker();
        var version = broker.Version;

        var publication = broker.Publish(EuWest(), Publication("https://eu-west.pg.example.com/"), PublishedAt);

        publication.Id.ShouldNotBe(Guid.Empty);
        publication.BrokerId.ShouldBe(broker.Id);
        publication.LocationIdentifier.ShouldBe("eu-west");
        publication.Endpoint.ShouldBe("https://eu-west.pg.example.com");
        publication.Username.ShouldBe("publisher");
        publication.ProtectedPassword.ShouldBe("protected(publication-secret)");
        publication.Status.ShouldBe(PublicationStatus.Pending);
        publication.HoldsLocation.ShouldBeTrue();
        publication.RequestedAt.ShouldBe(PublishedAt);
        publication.DecidedAt.ShouldBeNull();
        publication.DecidedBy.ShouldBeNull();
        publication.Reason.ShouldBeNull();
        broker.Publications.ShouldBe([publication]);
        broker.FindPublication(publication.Id).ShouldBeSameAs(publication);
        broker.Version.ShouldNotBe(version);
    }

    [Fact]
    public void The_private_registration_stays_untouched_and_usable()
    {
        var broker = Broker();

        broker.Publish(EuWest(), Publication(), PublishedAt);

        broker.Endpoint.ShouldBe("http://localhost:8080");
        broker.Username.ShouldBe("broker");
        broker.ProtectedPassword.ShouldBe("protected(s3cr3t:with-colon)");
        broker.DevelopmentMode.ShouldBeTrue();
        broker.Name.ShouldBe("Postgres Broker");
    }

    [Fact]
    public void A_broker_can_be_published_to_global_and_to_several_public_locations()
    {
        var broker = Broker();

        var global = broker.Publish(Location.CreateGlobal(), Publication("https://global.pg.example.com"), PublishedAt);
        var euWest = broker.Publish(EuWest(), Publication("https://eu-west.pg.example.com"), PublishedAt);
        var usEast = broker.Publish(UsEast(), Publication("https://us-east.pg.example.com"), PublishedAt);

        broker.Publications.Select(p => p.LocationIdentifier).ShouldBe(["global", "eu-west", "us-east"]);
        new[] { global.Id, euWest.Id, usEast.Id }.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public void OnePublicationPerLocation_holds_when_the_same_endpoint_serves_several_locations()
    {
        var broker = Broker();

        broker.Publish(EuWest(), Publication("https://pg.example.com"), PublishedAt);
        broker.Publish(UsEast(), Publication("https://pg.example.com"), PublishedAt);

        broker.Publications.Select(p => p.Endpoint).ShouldBe(["https://pg.example.com", "https://pg.example.com"]);
    }

    [Fact]
    public void OnePublicationPerLocation_is_broken_by_a_second_pending_publication_at_the_same_location()
    {
        var (broker, _) = BrokerPublishedTo(EuWest());
        var version = broker.Version;

        var violation = AssertBrokenRule<OnePublicationPerLocationRule>(
            () => broker.Publish(EuWest(), Publication("https://other.pg.example.com"), PublishedAt));

        violation.Code.ShouldBe("publication.location_taken");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        violation.Field.ShouldBe("location");
        broker.Publications.Count.ShouldBe(1);
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void OnePublicationPerLocation_is_broken_by_a_new_publication_where_one_is_approved()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.ApprovePublication(publication.Id, PlatformAdmin, DecidedAt);

        var violation = AssertBrokenRule<OnePublicationPerLocationRule>(
            () => broker.Publish(EuWest(), Publication(), DecidedAt));

        violation.Code.ShouldBe("publication.location_taken");
        violation.Kind.ShouldBe(RuleKind.Conflict);
    }

    [Fact]
    public void OnePublicationPerLocation_holds_for_a_new_publication_after_a_rejection()
    {
        var (broker, rejected) = BrokerPublishedTo(EuWest());
        broker.RejectPublication(rejected.Id, PlatformAdmin, "Catalog fails the conformance check.", DecidedAt);

        var retry = broker.Publish(EuWest(), Publication("https://eu-west-2.pg.example.com"), DecidedAt.AddHours(2));

        retry.Status.ShouldBe(PublicationStatus.Pending);
        retry.Id.ShouldNotBe(rejected.Id);
        broker.Publications.Select(p => p.Status).ShouldBe([PublicationStatus.Rejected, PublicationStatus.Pending]);
    }

    [Fact]
    public void OnePublicationPerLocation_holds_for_a_new_publication_after_a_revocation()
    {
        var (broker, revoked) = BrokerPublishedTo(EuWest());
        broker.RevokePublication(revoked.Id);

        var again = broker.Publish(EuWest(), Publication(), DecidedAt);

        broker.Publications.ShouldBe([again]);
        again.Status.ShouldBe(PublicationStatus.Pending);
    }

    [Theory]
    [InlineData("http://eu-west.pg.example.com")]
    [InlineData("http://localhost:8080")]
    public void PublicationEndpointMustBeHttps_is_broken_by_a_plain_http_endpoint(string endpoint)
    {
        var broker = Broker();
        var version = broker.Version;

        var violation = AssertBrokenRule<PublicationEndpointMustBeHttpsRule>(
            () => broker.Publish(EuWest(), Publication(endpoint), PublishedAt));

        violation.Code.ShouldBe("publication.not_https");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        violation.Field.ShouldBe("endpoint");
        broker.Publications.ShouldBeEmpty();
        broker.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("eu-west.pg.example.com")]
    [InlineData("https://user:pw@eu-west.pg.example.com")]
    [InlineData("https://eu-west.pg.example.com/#fragment")]
    public void BrokerEndpointMustBeAnAbsoluteHttpUrl_is_broken_by_an_invalid_publication_endpoint(string endpoint)
    {
        var broker = Broker();

        var violation = AssertBrokenRule<BrokerEndpointMustBeAnAbsoluteHttpUrlRule>(
            () => broker.Publish(EuWest(), Publication(endpoint), PublishedAt));

        violation.Code.ShouldBe("broker.endpoint_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        broker.Publications.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("pub:lisher")]
    public void BrokerUsernameMustNotBeEmpty_is_broken_by_an_invalid_publication_username(string username)
    {
        var broker = Broker();

        var violation = AssertBrokenRule<BrokerUsernameMustNotBeEmptyRule>(
            () => broker.Publish(EuWest(), Publication() with { Username = username }, PublishedAt));

        violation.Code.ShouldBe("broker.username_invalid");
        violation.Kind.ShouldBe(RuleKind.InvalidInput);
        broker.Publications.ShouldBeEmpty();
    }

    [Fact]
    public void DevelopmentModeOnlyForPrivateRegistration_is_broken_by_a_publication_in_development_mode()
    {
        var broker = Broker();
        var version = broker.Version;

        var violation = AssertBrokenRule<DevelopmentModeOnlyForPrivateRegistrationRule>(
            () => broker.Publish(EuWest(), Publication() with { DevelopmentMode = true }, PublishedAt));

        violation.Code.ShouldBe("publication.development_mode_forbidden");
        violation.Kind.ShouldBe(RuleKind.Refused);
        violation.Field.ShouldBe("developmentMode");
        broker.Publications.ShouldBeEmpty();
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void DevelopmentModeOnlyForPrivateRegistration_holds_for_a_registration_in_development_mode_publishing_without_it()
    {
        var broker = Broker();
        broker.DevelopmentMode.ShouldBeTrue();

        broker.Publish(EuWest(), Publication() with { DevelopmentMode = false }, PublishedAt);

        broker.Publications.Count.ShouldBe(1);
    }

    [Fact]
    public void PublicationOnlyToPublicLocationOrGlobal_is_broken_by_publishing_to_a_private_location()
    {
        var broker = Broker();
        var version = broker.Version;
        var privateLocation = Location.CreatePrivateFor(Acme());

        var violation = AssertBrokenRule<PublicationOnlyToPublicLocationOrGlobalRule>(
            () => broker.Publish(privateLocation, Publication(), PublishedAt));

        violation.Code.ShouldBe("location.unknown");
        violation.Kind.ShouldBe(RuleKind.Refused);
        violation.Field.ShouldBe("location");
        broker.Publications.ShouldBeEmpty();
        broker.Version.ShouldBe(version);
    }
}

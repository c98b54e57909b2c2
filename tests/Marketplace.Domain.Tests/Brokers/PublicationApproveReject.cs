using Marketplace.Domain.Brokers;
using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Brokers;

public sealed class PublicationApproveReject
{
    [Fact]
    public void Approving_a_pending_publication_records_the_decision_and_changes_the_version()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        var version = broker.Version;

        var approved = broker.ApprovePublication(publication.Id, PlatformAdmin, DecidedAt);

        approved.ShouldBeSameAs(publication);
        approved.Status.ShouldBe(PublicationStatus.Approved);
        approved.HoldsLocation.ShouldBeTrue();
        approved.DecidedAt.ShouldBe(DecidedAt);
        approved.DecidedBy.ShouldBe(PlatformAdmin);
        approved.Reason.ShouldBeNull();
        broker.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Rejecting_a_pending_publication_records_the_trimmed_reason_and_frees_the_location()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        var version = broker.Version;

        var rejected = broker.RejectPublication(publication.Id, PlatformAdmin, "  Catalog has no plans.  ", DecidedAt);

        rejected.ShouldBeSameAs(publication);
        rejected.Status.ShouldBe(PublicationStatus.Rejected);
        rejected.HoldsLocation.ShouldBeFalse();
        rejected.Reason.ShouldBe("Catalog has no plans.");
        rejected.DecidedAt.ShouldBe(DecidedAt);
        rejected.DecidedBy.ShouldBe(PlatformAdmin);
        broker.Publications.ShouldContain(rejected);
        broker.Version.ShouldNotBe(version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_rejection_without_a_reason_stores_none(string? reason)
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());

        broker.RejectPublication(publication.Id, PlatformAdmin, reason, DecidedAt).Reason.ShouldBeNull();
    }

    [Fact]
    public void Deciding_one_publication_leaves_the_others_pending()
    {
        var (broker, euWest) = BrokerPublishedTo(EuWest());
        var usEast = broker.Publish(UsEast(), Publication(), PublishedAt);

        broker.ApprovePublication(euWest.Id, PlatformAdmin, DecidedAt);

        usEast.Status.ShouldBe(PublicationStatus.Pending);
    }

    [Fact]
    public void OnlyPendingPublicationsCanBeDecided_is_broken_by_approving_an_approved_publication()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.ApprovePublication(publication.Id, PlatformAdmin, DecidedAt);
        var version = broker.Version;

        var violation = AssertBrokenRule<OnlyPendingPublicationsCanBeDecidedRule>(
            () => broker.ApprovePublication(publication.Id, "platform-admin-2", DecidedAt.AddHours(1)));

        violation.Code.ShouldBe("publication.not_pending");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        violation.Message.ShouldContain("approved");
        publication.DecidedBy.ShouldBe(PlatformAdmin);
        publication.DecidedAt.ShouldBe(DecidedAt);
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void OnlyPendingPublicationsCanBeDecided_is_broken_by_rejecting_an_approved_publication()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.ApprovePublication(publication.Id, PlatformAdmin, DecidedAt);

        var violation = AssertBrokenRule<OnlyPendingPublicationsCanBeDecidedRule>(
            () => broker.RejectPublication(publication.Id, PlatformAdmin, "Changed my mind", DecidedAt.AddHours(1)));

        violation.Code.ShouldBe("publication.not_pending");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        publication.Status.ShouldBe(PublicationStatus.Approved);
        publication.Reason.ShouldBeNull();
    }

    [Fact]
    public void OnlyPendingPublicationsCanBeDecided_is_broken_by_approving_a_rejected_publication()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.RejectPublication(publication.Id, PlatformAdmin, "Broken catalog", DecidedAt);
        var version = broker.Version;

        var violation = AssertBrokenRule<OnlyPendingPublicationsCanBeDecidedRule>(
            () => broker.ApprovePublication(publication.Id, PlatformAdmin, DecidedAt.AddHours(1)));

        violation.Code.ShouldBe("publication.not_pending");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        violation.Message.ShouldContain("rejected");
        publication.Status.ShouldBe(PublicationStatus.Rejected);
        publication.Reason.ShouldBe("Broken catalog");
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void OnlyPendingPublicationsCanBeDecided_is_broken_by_rejecting_a_rejected_publication()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.RejectPublication(publication.Id, PlatformAdmin, "First reason", DecidedAt);

        var violation = AssertBrokenRule<OnlyPendingPublicationsCanBeDecidedRule>(
            () => broker.RejectPublication(publication.Id, PlatformAdmin, "Second reason", DecidedAt.AddHours(1)));

        violation.Code.ShouldBe("publication.not_pending");
        publication.Reason.ShouldBe("First reason");
    }

    [Fact]
    public void PublicationMustExist_is_broken_by_approving_an_unknown_publication()
    {
        var (broker, _) = BrokerPublishedTo(EuWest());
        var version = broker.Version;
        var unknownId = Guid.NewGuid();

        var violation = AssertBrokenRule<PublicationMustExistRule>(
            () => broker.ApprovePublication(unknownId, PlatformAdmin, DecidedAt));

        violation.Code.ShouldBe("publication.not_found");
        violation.Kind.ShouldBe(RuleKind.NotFound);
        violation.Message.ShouldContain(unknownId.ToString());
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void PublicationMustExist_is_broken_by_rejecting_a_publication_of_another_broker()
    {
        var (broker, _) = BrokerPublishedTo(EuWest());
        var (_, othersPublication) = BrokerPublishedTo(EuWest());

        var violation = AssertBrokenRule<PublicationMustExistRule>(
            () => broker.RejectPublication(othersPublication.Id, PlatformAdmin, null, DecidedAt));

        violation.Code.ShouldBe("publication.not_found");
        violation.Kind.ShouldBe(RuleKind.NotFound);
        othersPublication.Status.ShouldBe(PublicationStatus.Pending);
    }

    [Fact]
    public void An_unknown_publication_is_not_found()
    {
        Broker().FindPublication(Guid.NewGuid()).ShouldBeNull();
    }
}

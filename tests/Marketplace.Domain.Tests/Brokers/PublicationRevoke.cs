using Marketplace.Domain.Brokers;
using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Brokers;

public sealed class PublicationRevoke
{
    [Fact]
    public void PublicationCanBeRevokedOnlyWhileNotApproved_holds_for_a_pending_publication_which_is_removed()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        var version = broker.Version;

        broker.RevokePublication(publication.Id);

        broker.Publications.ShouldBeEmpty();
        broker.FindPublication(publication.Id).ShouldBeNull();
        broker.Version.ShouldNotBe(version);
    }

    [Fact]
    public void PublicationCanBeRevokedOnlyWhileNotApproved_holds_for_a_rejected_publication()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.RejectPublication(publication.Id, PlatformAdmin, "No", DecidedAt);
        var version = broker.Version;

        broker.RevokePublication(publication.Id);

        broker.Publications.ShouldBeEmpty();
        broker.Version.ShouldNotBe(version);
    }

    [Fact]
    public void Revoking_one_publication_keeps_the_others()
    {
        var (broker, euWest) = BrokerPublishedTo(EuWest());
        var usEast = broker.Publish(UsEast(), Publication(), PublishedAt);

        broker.RevokePublication(euWest.Id);

        broker.Publications.ShouldBe([usEast]);
    }

    [Fact]
    public void PublicationCanBeRevokedOnlyWhileNotApproved_is_broken_by_revoking_an_approved_publication()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.ApprovePublication(publication.Id, PlatformAdmin, DecidedAt);
        var version = broker.Version;

        var violation = AssertBrokenRule<PublicationCanBeRevokedOnlyWhileNotApprovedRule>(
            () => broker.RevokePublication(publication.Id));

        violation.Code.ShouldBe("publication.approved");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        broker.Publications.ShouldBe([publication]);
        publication.Status.ShouldBe(PublicationStatus.Approved);
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void PublicationMustExist_is_broken_by_revoking_an_unknown_publication()
    {
        var (broker, _) = BrokerPublishedTo(EuWest());
        var version = broker.Version;

        var violation = AssertBrokenRule<PublicationMustExistRule>(() => broker.RevokePublication(Guid.NewGuid()));

        violation.Code.ShouldBe("publication.not_found");
        violation.Kind.ShouldBe(RuleKind.NotFound);
        broker.Publications.Count.ShouldBe(1);
        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void PublicationMustExist_is_broken_by_revoking_an_already_revoked_publication()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.RevokePublication(publication.Id);

        var violation = AssertBrokenRule<PublicationMustExistRule>(() => broker.RevokePublication(publication.Id));

        violation.Code.ShouldBe("publication.not_found");
        violation.Kind.ShouldBe(RuleKind.NotFound);
    }
}

using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;
using Shouldly;
using static Marketplace.Domain.Tests.Support.RuleAssertions;
using static Marketplace.Domain.Tests.Support.TestData;

namespace Marketplace.Domain.Tests.Brokers;

public sealed class ServiceBrokerDelete
{
    [Fact]
    public void A_broker_without_publications_can_be_deleted_with_its_name_confirmed_and_nothing_changes()
    {
        var broker = Broker();
        var version = broker.Version;

        Should.NotThrow(() => broker.EnsureCanBeDeleted("Postgres Broker"));

        broker.Version.ShouldBe(version);
    }

    [Fact]
    public void BrokerCanBeDeletedOnlyWithoutApprovedPublications_holds_with_pending_and_rejected_publications()
    {
        var (broker, euWest) = BrokerPublishedTo(EuWest());
        broker.Publish(UsEast(), Publication(), PublishedAt);
        broker.RejectPublication(euWest.Id, PlatformAdmin, "No", DecidedAt);

        Should.NotThrow(() => broker.EnsureCanBeDeleted("Postgres Broker"));
    }

    [Fact]
    public void BrokerCanBeDeletedOnlyWithoutApprovedPublications_is_broken_by_an_approved_publication()
    {
        var (broker, euWest) = BrokerPublishedTo(EuWest());
        broker.Publish(UsEast(), Publication(), PublishedAt);
        broker.ApprovePublication(euWest.Id, PlatformAdmin, DecidedAt);
        var version = broker.Version;

        var violation = AssertBrokenRule<BrokerCanBeDeletedOnlyWithoutApprovedPublicationsRule>(
            () => broker.EnsureCanBeDeleted("Postgres Broker"));

        violation.Code.ShouldBe("broker.has_approved_publications");
        violation.Kind.ShouldBe(RuleKind.Conflict);
        broker.Publications.Count.ShouldBe(2);
        broker.Version.ShouldBe(version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("postgres broker")]
    [InlineData("Postgres Broker ")]
    [InlineData("postgres-broker")]
    public void DeletionMustBeConfirmedWithBrokerName_is_broken_by_a_missing_or_different_confirmation(string? confirmName)
    {
        var broker = Broker();

        var violation = AssertBrokenRule<DeletionMustBeConfirmedWithBrokerNameRule>(() => broker.EnsureCanBeDeleted(confirmName));

        violation.Code.ShouldBe("broker.confirmation_mismatch");
        violation.Kind.ShouldBe(RuleKind.Refused);
        violation.Field.ShouldBe("confirmName");
    }

    [Fact]
    public void DeletionMustBeConfirmedWithBrokerName_requires_the_current_name_after_a_rename()
    {
        var broker = Broker();
        broker.Edit(new("Postgres (EU)"));

        AssertBrokenRule<DeletionMustBeConfirmedWithBrokerNameRule>(() => broker.EnsureCanBeDeleted("Postgres Broker"));
        Should.NotThrow(() => broker.EnsureCanBeDeleted("Postgres (EU)"));
    }

    [Fact]
    public void DeletionMustBeConfirmedWithBrokerName_is_checked_before_the_approved_publications()
    {
        var (broker, publication) = BrokerPublishedTo(EuWest());
        broker.ApprovePublication(publication.Id, PlatformAdmin, DecidedAt);

        var violation = AssertBrokenRule<DeletionMustBeConfirmedWithBrokerNameRule>(() => broker.EnsureCanBeDeleted("wrong"));

        violation.Code.ShouldBe("broker.confirmation_mismatch");
    }
}

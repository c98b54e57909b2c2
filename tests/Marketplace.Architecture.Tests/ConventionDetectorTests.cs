using Marketplace.Application.Brokers;
using Marketplace.Application.Brokers.GetBroker;
using Marketplace.Application.Brokers.RegisterBroker;
using Marketplace.Architecture.Tests.Samples;
using Marketplace.Architecture.Tests.Support;

namespace Marketplace.Architecture.Tests;

/// <summary>
/// The detectors behind the architecture tests, run on deliberately good and bad samples: proof that a
/// rule which passes on the production code would fail on a violation.
/// </summary>
public class ConventionDetectorTests
{
    [Fact]
    public void The_deep_scan_sees_dependencies_inside_lambdas()
    {
        DeepDependencies.Matching(typeof(UsesHttpInLambdaSample), ["System.Net.Http"])
            .ShouldContain("System.Net.Http.HttpMethod");
    }

    [Fact]
    public void The_deep_scan_sees_dependencies_inside_async_methods()
    {
        DeepDependencies.Matching(typeof(UsesHttpInAsyncMethodSample), ["System.Net.Http"])
            .ShouldContain("System.Net.Http.HttpMethod");
    }

    [Fact]
    public void The_deep_scan_sees_constructor_dependencies()
    {
        DeepDependencies.Of(typeof(RegisterBrokerHandler))
            .ShouldContain("Marketplace.Application.Common.Ports.IServiceBrokerRepository");
        DeepDependencies.Of(typeof(GetBrokerHandler))
            .ShouldContain("Marketplace.Application.Common.Ports.IReadStore");
    }

    [Theory]
    [InlineData("Hangfire.BackgroundJob", "Hangfire", true)]
    [InlineData("Hangfire", "Hangfire", true)]
    [InlineData("Microsoft.EntityFrameworkCore.DbContext", "Microsoft.EntityFrameworkCore", true)]
    [InlineData("Marketplace.Application.Common.Ports.IReadStore", "Marketplace.Application.Common.Ports.IReadStore", true)]
    [InlineData("Outer+Inner", "Outer", true)]
    [InlineData("HangfireLike.Job", "Hangfire", false)]
    [InlineData("Marketplace.Api.Infrastructure.ETags", "Marketplace.Infrastructure", false)]
    [InlineData("Marketplace.Application.Common.Ports.IReadStoreFactory", "Marketplace.Application.Common.Ports.IReadStore", false)]
    public void A_namespace_covers_its_types_and_sub_namespaces_only(string type, string namespaceOrType, bool covered)
    {
        DeepDependencies.IsUnder(type, namespaceOrType).ShouldBe(covered);
    }

    [Fact]
    public void Handlers_messages_validators_and_rules_are_recognised()
    {
        Conventions.IsCommandHandler(typeof(SampleCommandHandler)).ShouldBeTrue();
        Conventions.IsQueryHandler(typeof(SampleCommandHandler)).ShouldBeFalse();
        Conventions.IsQueryHandler(typeof(SampleQueryHandler)).ShouldBeTrue();
        Conventions.IsCommandHandler(typeof(SampleQueryHandler)).ShouldBeFalse();
        Conventions.IsAnyHandler(typeof(SampleQueryHandler)).ShouldBeTrue();
        Conventions.IsAnyHandler(typeof(SampleCommandValidator)).ShouldBeFalse();
        Conventions.IsCommand(typeof(SampleCommand)).ShouldBeTrue();
        Conventions.IsQuery(typeof(SampleCommand)).ShouldBeFalse();
        Conventions.IsQuery(typeof(SampleQuery)).ShouldBeTrue();
        Conventions.IsValidator(typeof(SampleCommandValidator)).ShouldBeTrue();
        Conventions.IsBusinessRule(typeof(SampleRule)).ShouldBeTrue();
        Conventions.IsBusinessRule(typeof(SampleCommand)).ShouldBeFalse();
        Conventions.IsAggregateRoot(typeof(CleanOrderSample)).ShouldBeTrue();
        Conventions.IsAggregateRoot(typeof(OrderLineSample)).ShouldBeFalse();
    }

    [Fact]
    public void Records_are_told_from_classes()
    {
        Conventions.IsRecord(typeof(SampleCommand)).ShouldBeTrue();
        Conventions.IsRecord(typeof(NotARecordCommandSample)).ShouldBeFalse();
    }

    [Fact]
    public void Init_only_properties_pass_and_public_setters_and_fields_fail()
    {
        Conventions.PublicMutableMembers(typeof(SampleCommand)).ShouldBeEmpty();
        Conventions.PublicMutableMembers(typeof(NotARecordCommandSample)).ShouldBeEmpty();
        Conventions.PublicMutableMembers(typeof(MutableCommandSample)).ShouldHaveSingleItem().ShouldContain("Note");
        Conventions.PublicMutableMembers(typeof(PublicFieldCommandSample)).ShouldHaveSingleItem().ShouldContain("Name");
    }

    [Fact]
    public void A_password_is_found_on_the_type_and_on_what_it_nests()
    {
        Conventions.PasswordMembers(typeof(SafeResponseSample)).ShouldBeEmpty();
        Conventions.PasswordMembers(typeof(CredentialsSample)).ShouldHaveSingleItem().ShouldEndWith("ProtectedPassword");
        Conventions.PasswordMembers(typeof(LeakyResponseSample)).ShouldHaveSingleItem().ShouldEndWith("CredentialsSample.ProtectedPassword");
    }

    [Fact]
    public void An_aggregate_root_held_by_an_owned_entity_is_found()
    {
        var owned = new List<Type>();

        Conventions.ReferencesToOtherAggregates(typeof(CleanOrderSample), owned).ShouldBeEmpty();
        owned.ShouldContain(typeof(OrderLineSample));
        Conventions.ReferencesToOtherAggregates(typeof(OrderHoldingAnAggregateSample))
            .ShouldHaveSingleItem().ShouldContain("LineHoldingAnAggregateSample.Project");
    }

    [Fact]
    public void A_message_outside_its_use_case_folder_is_found()
    {
        NamingConventionTests.IsInUseCaseFolder(typeof(RegisterBrokerCommand), "Command").ShouldBeTrue();
        NamingConventionTests.IsInUseCaseFolder(typeof(GetBrokerQuery), "Query").ShouldBeTrue();
        NamingConventionTests.IsInUseCaseFolder(typeof(GetBrokerQuery), "Command").ShouldBeFalse();
        NamingConventionTests.IsInUseCaseFolder(typeof(BrokerDto), "Dto").ShouldBeFalse();
        NamingConventionTests.IsInUseCaseFolder(typeof(SampleCommand), "Command").ShouldBeFalse();
    }
}

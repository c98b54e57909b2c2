using Marketplace.Architecture.Tests.Support;

namespace Marketplace.Architecture.Tests;

/// <summary>Handlers are sealed, aggregates are sealed and built by factories, messages are immutable records.</summary>
public class TypeShapeTests
{
    private static IReadOnlyList<Type> Types => Conventions.MarketplaceTypes;

    [Fact]
    public void Handlers_are_sealed()
    {
        var handlers = Types.Where(Conventions.IsAnyHandler).ToList();
        handlers.ShouldNotBeEmpty();

        handlers.Where(t => !t.IsSealed).Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Aggregate_roots_are_sealed_and_have_no_public_constructor()
    {
        var aggregates = Types.Where(Conventions.IsAggregateRoot).ToList();
        aggregates.ShouldNotBeEmpty();

        var unsealed = aggregates.Where(t => !t.IsSealed).Select(t => $"{t.FullName} is not sealed");
        var publicConstructors = aggregates
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
            .Select(c => $"{c.DeclaringType!.FullName} has a public constructor {c}");

        unsealed.Concat(publicConstructors).ShouldBeEmpty("aggregates are created by their factory methods");
    }

    [Fact]
    public void Commands_and_queries_are_records()
    {
        var messages = Types.Where(t => Conventions.IsCommand(t) || Conventions.IsQuery(t)).ToList();
        messages.ShouldNotBeEmpty();

        messages.Where(t => !Conventions.IsRecord(t)).Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Commands_and_queries_have_no_public_setters()
    {
        var messages = Types.Where(t => Conventions.IsCommand(t) || Conventions.IsQuery(t)).ToList();
        messages.ShouldNotBeEmpty();
        messages.SelectMany(t => t.GetProperties()).ShouldNotBeEmpty();

        messages.SelectMany(Conventions.PublicMutableMembers).ShouldBeEmpty("init-only properties keep messages immutable");
    }
}

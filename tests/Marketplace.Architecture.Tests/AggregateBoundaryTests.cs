using Marketplace.Architecture.Tests.Support;

namespace Marketplace.Architecture.Tests;

/// <summary>An aggregate refers to another aggregate by its id, never by holding it.</summary>
public class AggregateBoundaryTests
{
    [Fact]
    public void No_aggregate_or_owned_entity_holds_another_aggregate_root()
    {
        var aggregates = Layers.WrittenTypesOf(Layers.Domain).Where(Conventions.IsAggregateRoot).ToList();
        aggregates.ShouldNotBeEmpty();
        var owned = new List<Type>();

        var references = aggregates.SelectMany(a => Conventions.ReferencesToOtherAggregates(a, owned)).ToList();

        owned.ShouldNotBeEmpty("the owned child types (Publication, ProjectMember …) are examined too");
        references.ShouldBeEmpty();
    }
}

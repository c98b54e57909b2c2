using Marketplace.Application.Common.Ports;
using Marketplace.Architecture.Tests.Support;
using NetArchTest.Rules;

namespace Marketplace.Architecture.Tests;

/// <summary>Commands change aggregates through repositories; queries read through <see cref="IReadStore"/>.</summary>
public class CqrsTests
{
    private static readonly string ReadStore = typeof(IReadStore).FullName!;

    private static IReadOnlyList<Type> ApplicationTypes => Layers.WrittenTypesOf(Layers.Application);

    /// <summary>The repository ports (one per aggregate root) and the unit of work.</summary>
    private static IReadOnlyList<Type> WritePorts => ApplicationTypes
        .Where(t => t.IsInterface && ((t.Name.StartsWith('I') && t.Name.EndsWith("Repository", StringComparison.Ordinal))
                                      || t == typeof(IUnitOfWork)))
        .ToList();

    [Fact]
    public void Command_handlers_never_use_the_read_store()
    {
        var handlers = ApplicationTypes.Where(Conventions.IsCommandHandler).ToList();
        handlers.ShouldNotBeEmpty();

        var viaNetArchTest = Types.InAssembly(Layers.Application).That().HaveDependencyOn(ReadStore).GetTypes()
            .Where(handlers.Contains)
            .Select(t => $"{t.FullName} uses {ReadStore}");
        var deep = DeepDependencies.Violations(handlers, [ReadStore]);

        viaNetArchTest.Concat(deep).Distinct().ShouldBeEmpty("commands change aggregates through their repositories");
    }

    [Fact]
    public void Query_handlers_never_use_a_repository_or_the_unit_of_work()
    {
        var handlers = ApplicationTypes.Where(Conventions.IsQueryHandler).ToList();
        handlers.ShouldNotBeEmpty();
        var writePorts = WritePorts.Select(t => t.FullName!).ToArray();
        writePorts.Length.ShouldBeGreaterThan(1, "the repository ports and IUnitOfWork");

        var viaNetArchTest = Types.InAssembly(Layers.Application).That().HaveDependencyOnAny(writePorts).GetTypes()
            .Where(handlers.Contains)
            .Select(t => $"{t.FullName} uses a repository or IUnitOfWork");
        var deep = DeepDependencies.Violations(handlers, writePorts);

        viaNetArchTest.Concat(deep).Distinct().ShouldBeEmpty("queries read through IReadStore and never load aggregates");
    }
}

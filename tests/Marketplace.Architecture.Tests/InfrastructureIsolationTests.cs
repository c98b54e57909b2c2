using Marketplace.Architecture.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NetArchTest.Rules;

namespace Marketplace.Architecture.Tests;

/// <summary>
/// EF Core providers and database drivers, migrations, Hangfire and Refit live in Infrastructure only. The Api
/// uses Infrastructure for composition (Program, DependencyInjection) and its endpoints never touch EF Core.
/// </summary>
public class InfrastructureIsolationTests
{
    private const string ApiEndpoints = "Marketplace.Api.Endpoints";

    private static readonly string[] InfrastructureOnlyAssemblies =
    [
        "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.EntityFrameworkCore.SqlServer",
        "Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient", "Hangfire", "Refit",
    ];

    private static readonly string[] InfrastructureOnlyNamespaces =
    [
        "Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient", "Microsoft.EntityFrameworkCore.Migrations", "Hangfire", "Refit",
    ];

    private static readonly Type[] PersistenceBaseTypes = [typeof(DbContext), typeof(Migration), typeof(ModelSnapshot)];

    public static TheoryData<string> LayersOtherThanInfrastructure =>
        [Layers.DomainName, Layers.ApplicationName, Layers.ApiName];

    [Theory]
    [MemberData(nameof(LayersOtherThanInfrastructure))]
    public void Only_Infrastructure_references_EF_Core_providers_database_drivers_Hangfire_and_Refit(string layer)
    {
        var assembly = Layers.All.Single(a => a.GetName().Name == layer);
        References.NamesOf(assembly).ShouldNotBeEmpty();

        var forbidden = References.Forbidden(assembly, InfrastructureOnlyAssemblies);

        forbidden.ShouldBeEmpty(References.Report(assembly, forbidden));
    }

    [Fact]
    public void Infrastructure_does_reference_both_EF_Core_providers()
    {
        // The control for the theory above: the names it forbids elsewhere are the names Infrastructure uses.
        var used = References.Forbidden(Layers.Infrastructure, InfrastructureOnlyAssemblies);

        used.ShouldContain("Microsoft.EntityFrameworkCore.Sqlite");
        used.ShouldContain("Microsoft.EntityFrameworkCore.SqlServer");
    }

    [Theory]
    [MemberData(nameof(LayersOtherThanInfrastructure))]
    public void Only_Infrastructure_types_use_database_drivers_migrations_Hangfire_and_Refit(string layer)
    {
        var assembly = Layers.All.Single(a => a.GetName().Name == layer);
        var types = Types.InAssembly(assembly);
        types.GetTypes().ShouldNotBeEmpty();

        var result = types.ShouldNot().HaveDependencyOnAny(InfrastructureOnlyNamespaces).GetResult();
        var deep = DeepDependencies.Violations(Layers.TypesOf(assembly), InfrastructureOnlyNamespaces);

        result.IsSuccessful.ShouldBeTrue(Layers.Describe(result.FailingTypes ?? []));
        deep.ShouldBeEmpty();
    }

    [Fact]
    public void Migrations_and_DbContexts_live_only_in_Infrastructure()
    {
        var outside = Layers.All
            .Where(a => a != Layers.Infrastructure)
            .SelectMany(Layers.TypesOf)
            .Where(t => t.Namespace?.Contains(".Migrations", StringComparison.Ordinal) == true
                        || PersistenceBaseTypes.Any(b => b.IsAssignableFrom(t)))
            .Select(t => t.FullName);

        outside.ShouldBeEmpty();
    }

    [Fact]
    public void Every_migration_and_model_snapshot_is_in_a_Migrations_namespace_of_Infrastructure()
    {
        var migrations = Layers.TypesOf(Layers.Infrastructure)
            .Where(t => t.IsSubclassOf(typeof(Migration)) || t.IsSubclassOf(typeof(ModelSnapshot)))
            .ToList();
        migrations.Count(t => t.IsSubclassOf(typeof(Migration))).ShouldBeGreaterThan(0);
        migrations.Count(t => t.IsSubclassOf(typeof(ModelSnapshot))).ShouldBeGreaterThan(0);

        var misplaced = migrations
            .Where(t => t.Namespace?.Contains(".Migrations", StringComparison.Ordinal) != true)
            .Select(t => t.FullName);

        misplaced.ShouldBeEmpty();
    }

    [Fact]
    public void Api_endpoints_use_neither_EF_Core_nor_Infrastructure()
    {
        string[] forbidden = ["Microsoft.EntityFrameworkCore", Layers.InfrastructureName];
        var endpoints = Types.InAssembly(Layers.Api).That().ResideInNamespace(ApiEndpoints);
        endpoints.GetTypes().ShouldNotBeEmpty();
        var endpointTypes = Layers.TypesOf(Layers.Api).Where(t => InEndpoints(Layers.Outermost(t))).ToList();
        endpointTypes.ShouldNotBeEmpty();

        var result = endpoints.ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        var deep = DeepDependencies.Violations(endpointTypes, forbidden);

        result.IsSuccessful.ShouldBeTrue(Layers.Describe(result.FailingTypes ?? []));
        deep.ShouldBeEmpty();
    }

    [Fact]
    public void Api_uses_Infrastructure_only_to_compose_the_application()
    {
        var apiTypes = Layers.TypesOf(Layers.Api);
        apiTypes.ShouldNotBeEmpty();

        var viaNetArchTest = Types.InAssembly(Layers.Api).That().HaveDependencyOn(Layers.InfrastructureName).GetTypes()
            .Where(t => !IsCompositionRoot(t))
            .Select(t => $"{t.FullName} uses Marketplace.Infrastructure");
        var deep = DeepDependencies.Violations(apiTypes.Where(t => !IsCompositionRoot(Layers.Outermost(t))), [Layers.InfrastructureName]);

        viaNetArchTest.Concat(deep).Distinct().ShouldBeEmpty("only Program and DependencyInjection may use Infrastructure");
    }

    private static bool InEndpoints(Type type) =>
        type.Namespace is { } ns && (ns == ApiEndpoints || ns.StartsWith(ApiEndpoints + ".", StringComparison.Ordinal));

    private static bool IsCompositionRoot(Type type) =>
        (type.Name == "Program" && string.IsNullOrEmpty(type.Namespace)) || type.Name == "DependencyInjection";
}

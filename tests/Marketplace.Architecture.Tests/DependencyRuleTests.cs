using Marketplace.Application.Common.Ports;
using Marketplace.Architecture.Tests.Support;
using NetArchTest.Rules;

namespace Marketplace.Architecture.Tests;

/// <summary>
/// The dependency rule: Domain ← Application ← Infrastructure ← Api. Each rule is checked three ways:
/// NetArchTest (top-level types), the deep IL scan (lambdas and async state machines too, which
/// NetArchTest 1.3.2 skips) and the assembly's metadata references.
/// </summary>
public class DependencyRuleTests
{
    private static readonly string[] DomainForbiddenNamespaces =
    [
        Layers.ApplicationName, Layers.InfrastructureName, Layers.ApiName,
        "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Hangfire", "Refit", "FluentValidation", "Mediator",
        "System.Net.Http",
    ];

    /// <summary>"Marketplace" covers every project of the solution: the Domain references none.</summary>
    private static readonly string[] DomainForbiddenAssemblies =
    [
        "Marketplace",
        "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Hangfire", "Refit", "FluentValidation", "Mediator",
        "System.Net.Http",
    ];

    private static readonly string[] ApplicationForbiddenNamespaces =
    [
        Layers.InfrastructureName, Layers.ApiName, "Hangfire", "Refit", "Microsoft.AspNetCore",
        "Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient", "Microsoft.EntityFrameworkCore.Migrations",
    ];

    private static readonly string[] ApplicationForbiddenAssemblies =
    [
        Layers.InfrastructureName, Layers.ApiName, "Hangfire", "Refit", "Microsoft.AspNetCore",
        "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.EntityFrameworkCore.SqlServer", "Microsoft.EntityFrameworkCore.Relational",
        "Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient",
    ];

    /// <summary>
    /// The part of EF Core the Application may use: the async LINQ operators (<c>ToListAsync</c>,
    /// <c>FirstOrDefaultAsync</c>, <c>AnyAsync</c> …) and <c>EF.Functions</c>, applied to the
    /// <see cref="IQueryable{T}"/>s of <see cref="IReadStore"/>. No DbContext, DbSet, change tracker,
    /// model or provider type.
    /// </summary>
    private static readonly string[] ApplicationEfCoreQueryApi =
    [
        "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions",
        "Microsoft.EntityFrameworkCore.EF",
        "Microsoft.EntityFrameworkCore.DbFunctions",
        "Microsoft.EntityFrameworkCore.DbFunctionsExtensions",
        "Microsoft.EntityFrameworkCore.Query.IIncludableQueryable`2", // Include/ThenInclude are query operators too
    ];

    [Fact]
    public void Domain_types_depend_on_no_other_project_and_no_framework()
    {
        var types = Types.InAssembly(Layers.Domain);
        types.GetTypes().ShouldNotBeEmpty();

        var result = types.ShouldNot().HaveDependencyOnAny(DomainForbiddenNamespaces).GetResult();
        var deep = DeepDependencies.Violations(Layers.TypesOf(Layers.Domain), DomainForbiddenNamespaces);

        result.IsSuccessful.ShouldBeTrue(Layers.Describe(result.FailingTypes ?? []));
        deep.ShouldBeEmpty();
    }

    [Fact]
    public void Domain_assembly_references_no_other_project_and_no_framework()
    {
        References.NamesOf(Layers.Domain).ShouldNotBeEmpty();

        var forbidden = References.Forbidden(Layers.Domain, DomainForbiddenAssemblies);

        forbidden.ShouldBeEmpty(References.Report(Layers.Domain, forbidden));
    }

    [Fact]
    public void Application_types_depend_neither_on_Infrastructure_nor_Api_nor_Hangfire_Refit_AspNetCore_or_a_database_driver()
    {
        var types = Types.InAssembly(Layers.Application);
        types.GetTypes().ShouldNotBeEmpty();

        var result = types.ShouldNot().HaveDependencyOnAny(ApplicationForbiddenNamespaces).GetResult();
        var deep = DeepDependencies.Violations(Layers.TypesOf(Layers.Application), ApplicationForbiddenNamespaces);

        result.IsSuccessful.ShouldBeTrue(Layers.Describe(result.FailingTypes ?? []));
        deep.ShouldBeEmpty();
    }

    [Fact]
    public void Application_assembly_references_neither_Infrastructure_nor_Api_nor_Hangfire_Refit_AspNetCore_or_an_EF_Core_provider()
    {
        References.NamesOf(Layers.Application).ShouldContain(Layers.DomainName);

        var forbidden = References.Forbidden(Layers.Application, ApplicationForbiddenAssemblies);

        forbidden.ShouldBeEmpty(References.Report(Layers.Application, forbidden));
    }

    [Fact]
    public void Application_uses_only_the_EF_Core_query_API()
    {
        var types = Layers.TypesOf(Layers.Application);
        types.ShouldNotBeEmpty();

        var beyondQueryApi = types
            .Select(Layers.Outermost)
            .Distinct()
            .SelectMany(t => DeepDependencies.Matching(t, ["Microsoft.EntityFrameworkCore"])
                .Where(used => !ApplicationEfCoreQueryApi.Contains(used))
                .Select(used => $"{t.FullName} uses {used}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        beyondQueryApi.ShouldBeEmpty("Application may read through IReadStore with EF Core's LINQ operators only");
    }

    [Fact]
    public void The_read_store_offers_only_queryables_of_domain_types()
    {
        var readStore = typeof(IReadStore);
        readStore.IsInterface.ShouldBeTrue();
        readStore.Namespace.ShouldBe("Marketplace.Application.Common.Ports");
        var properties = readStore.GetProperties();
        properties.ShouldNotBeEmpty();

        var notQueryables = properties
            .Where(p => !(p.PropertyType.IsGenericType
                          && p.PropertyType.GetGenericTypeDefinition() == typeof(IQueryable<>)
                          && p.PropertyType.GetGenericArguments()[0].Assembly == Layers.Domain))
            .Select(p => $"{p.Name} is a {p.PropertyType}");
        var writable = properties.Where(p => p.CanWrite).Select(p => $"{p.Name} has a setter");
        var methods = readStore.GetMethods().Where(m => !m.IsSpecialName).Select(m => $"{m.Name}() is a method");

        notQueryables.Concat(writable).Concat(methods).ShouldBeEmpty();
    }

    [Fact]
    public void Infrastructure_types_do_not_depend_on_Api()
    {
        var types = Types.InAssembly(Layers.Infrastructure);
        types.GetTypes().ShouldNotBeEmpty();

        var result = types.ShouldNot().HaveDependencyOn(Layers.ApiName).GetResult();
        var deep = DeepDependencies.Violations(Layers.TypesOf(Layers.Infrastructure), [Layers.ApiName]);

        result.IsSuccessful.ShouldBeTrue(Layers.Describe(result.FailingTypes ?? []));
        deep.ShouldBeEmpty();
    }

    [Fact]
    public void Infrastructure_assembly_does_not_reference_Api()
    {
        References.NamesOf(Layers.Infrastructure).ShouldContain(Layers.ApplicationName);

        var forbidden = References.Forbidden(Layers.Infrastructure, [Layers.ApiName]);

        forbidden.ShouldBeEmpty(References.Report(Layers.Infrastructure, forbidden));
    }
}

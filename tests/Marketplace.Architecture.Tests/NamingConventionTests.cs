using System.Text.RegularExpressions;
using Marketplace.Architecture.Tests.Support;

namespace Marketplace.Architecture.Tests;

/// <summary>Names say what a type is: Rule, Validator, Handler, Command, Query, Request, Response.</summary>
public partial class NamingConventionTests
{
    private static IReadOnlyList<Type> Types => Conventions.MarketplaceTypes;

    [Fact]
    public void Business_rules_end_with_Rule()
    {
        var rules = Types.Where(Conventions.IsBusinessRule).ToList();
        rules.ShouldNotBeEmpty();

        rules.Where(t => !Layers.PlainName(t).EndsWith("Rule", StringComparison.Ordinal)).Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Validators_end_with_Validator()
    {
        var validators = Types.Where(Conventions.IsValidator).ToList();
        validators.ShouldNotBeEmpty();

        validators.Where(t => !Layers.PlainName(t).EndsWith("Validator", StringComparison.Ordinal))
            .Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Handlers_end_with_Handler()
    {
        var handlers = Types.Where(Conventions.IsAnyHandler).ToList();
        handlers.ShouldNotBeEmpty();

        handlers.Where(t => !Layers.PlainName(t).EndsWith("Handler", StringComparison.Ordinal))
            .Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Commands_end_with_Command_and_queries_with_Query()
    {
        var commands = Types.Where(Conventions.IsCommand).ToList();
        var queries = Types.Where(Conventions.IsQuery).ToList();
        commands.ShouldNotBeEmpty();
        queries.ShouldNotBeEmpty();

        var misnamed = commands.Where(t => !Layers.PlainName(t).EndsWith("Command", StringComparison.Ordinal))
            .Concat(queries.Where(t => !Layers.PlainName(t).EndsWith("Query", StringComparison.Ordinal)))
            .Select(t => t.FullName);

        misnamed.ShouldBeEmpty();
    }

    [Fact]
    public void Each_command_and_query_lives_in_the_folder_of_its_use_case()
    {
        var messages = Types.Where(Conventions.IsCommand).Select(t => (Type: t, Suffix: "Command"))
            .Concat(Types.Where(Conventions.IsQuery).Select(t => (Type: t, Suffix: "Query")))
            .ToList();
        messages.ShouldNotBeEmpty();

        var misplaced = messages
            .Where(m => !IsInUseCaseFolder(m.Type, m.Suffix))
            .Select(m => $"{m.Type.FullName}: expected Marketplace.Application.<Module>.{UseCaseOf(m.Type, m.Suffix)}");

        misplaced.ShouldBeEmpty();
    }

    [Fact]
    public void Api_contract_records_end_with_Request_or_Response()
    {
        var contracts = Types
            .Where(t => t.Assembly == Layers.Api && t.Namespace is { } ns && ContractsNamespace().IsMatch(ns) && Conventions.IsRecord(t))
            .ToList();
        contracts.ShouldNotBeEmpty();

        contracts.Where(t => !Layers.PlainName(t).EndsWith("Request", StringComparison.Ordinal)
                             && !Layers.PlainName(t).EndsWith("Response", StringComparison.Ordinal))
            .Select(t => t.FullName).ShouldBeEmpty();
    }

    /// <summary>
    /// <c>Marketplace.Application.&lt;Module&gt;.&lt;UseCase&gt;</c>, the use case being the type's name without
    /// its suffix (<c>RegisterBrokerCommand</c> in <c>Marketplace.Application.Brokers.RegisterBroker</c>).
    /// </summary>
    internal static bool IsInUseCaseFolder(Type type, string suffix)
    {
        var segments = type.Namespace?.Split('.') ?? [];
        return type.Assembly == Layers.Application
               && type.DeclaringType is null
               && segments is ["Marketplace", "Application", _, var useCase]
               && Layers.PlainName(type).EndsWith(suffix, StringComparison.Ordinal)
               && useCase == UseCaseOf(type, suffix);
    }

    private static string UseCaseOf(Type type, string suffix)
    {
        var name = Layers.PlainName(type);
        return name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;
    }

    [GeneratedRegex(@"^Marketplace\.Api\.Endpoints(\.[^.]+)*\.Contracts$", RegexOptions.CultureInvariant)]
    private static partial Regex ContractsNamespace();
}

using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Marketplace.SqlServer.Tests;

/// <summary>The SQL Server suite holds every API contract test of Marketplace.Api.Tests — none forgotten.</summary>
public sealed partial class ContractParityTests
{
    [Fact]
    public void Every_contract_test_of_the_SQLite_suite_runs_here_too()
    {
        var contractSources = Directory.GetFiles(Path.Combine(TestsFolder(), "Marketplace.Api.Tests", "Contract"), "*.cs", SearchOption.AllDirectories);
        var testsInSources = contractSources.Sum(file => TestAttribute().Count(File.ReadAllText(file)));

        var testsHere = typeof(ContractParityTests).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Marketplace.Api.Tests.Contract", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Count(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any());

        testsInSources.ShouldBeGreaterThan(0);
        testsHere.ShouldBe(testsInSources);
    }

    private static string TestsFolder([CallerFilePath] string thisFile = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(thisFile))!;

    [GeneratedRegex(@"^\s*\[(Fact|Theory)\b", RegexOptions.Multiline)]
    private static partial Regex TestAttribute();
}

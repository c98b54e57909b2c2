using System.Reflection;
using Marketplace.Domain.SharedKernel;
using Shouldly;

namespace Marketplace.Domain.Tests;

/// <summary>
/// Every business rule of the domain has at least one test named after it (the rule's class name
/// without "Rule"), so a new rule without a test fails the suite.
/// </summary>
public sealed class EveryRuleIsTested
{
    private static readonly Type[] RuleTypes =
    [
        .. typeof(IBusinessRule).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBusinessRule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    private static readonly string[] TestMethodNames =
    [
        .. typeof(EveryRuleIsTested).Assembly.GetTypes()
            .Where(t => t != typeof(EveryRuleIsTested))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any())
            .Select(m => m.Name),
    ];

    [Fact]
    public void The_domain_has_business_rules_named_with_the_Rule_suffix()
    {
        RuleTypes.ShouldNotBeEmpty();
        RuleTypes.ShouldAllBe(t => t.Name.EndsWith("Rule", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_business_rule_has_a_test_named_after_it()
    {
        var untested = RuleTypes
            .Select(t => t.Name[..^"Rule".Length])
            .Where(rule => !TestMethodNames.Any(test => test.Contains(rule, StringComparison.Ordinal)))
            .ToList();

        untested.ShouldBeEmpty(
            "each rule needs a test whose method name contains the rule name without 'Rule', e.g. OnePublicationPerLocation_is_broken_by_…");
    }
}

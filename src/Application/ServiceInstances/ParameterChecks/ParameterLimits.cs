using Marketplace.Application.BrokerOperations;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// X10: what a client may send as <c>parameters</c> (configuration section <c>Parameters:Limits</c>). The defaults
/// leave room for any broker's real parameters and keep everything accepted readable by every list and detail.
/// </summary>
public sealed class ParameterLimits
{
    public const string Section = "Parameters:Limits";

    /// <summary>Nesting of objects and arrays; the parameters object itself is depth 1.</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>Size of the parameters as compact UTF-8 JSON.</summary>
    public int MaxBytes { get; set; } = 64 * 1024;

    /// <summary>Keys in all the parameters' objects together.</summary>
    public int MaxKeys { get; set; } = 1000;

    /// <summary>Time one request may spend checking its parameters against the plan's schema (its patterns above all).</summary>
    public double SchemaCheckBudgetSeconds { get; set; } = 2;

    public TimeSpan SchemaCheckBudget => TimeSpan.FromSeconds(SchemaCheckBudgetSeconds);

    /// <summary>Refuses values with which no parameters could be accepted; called at start.</summary>
    public void Validate()
    {
        OptionsGuard.Require(MaxDepth is >= 1 and <= 48, Section, nameof(MaxDepth), "between 1 and 48 (deeper parameters could not be answered back)");
        OptionsGuard.Require(MaxBytes >= 2, Section, nameof(MaxBytes), "2 or more");
        OptionsGuard.Require(MaxKeys >= 0, Section, nameof(MaxKeys), "0 or more");
        OptionsGuard.Require(SchemaCheckBudgetSeconds is > 0 and <= 60, Section, nameof(SchemaCheckBudgetSeconds), "more than 0 and at most 60");
    }
}

using Marketplace.Domain.Brokers;

namespace Marketplace.Application.BrokerOperations;

/// <summary>How many calls may be in flight to brokers, and when a connection counts as degraded (configuration section <c>Brokers</c>).</summary>
public sealed class BrokerCallOptions
{
    public const string Section = "Brokers";

    /// <summary>
    /// The ceiling of calls in flight per broker connection (default 4); an owner may set a lower
    /// <c>maxConcurrentCalls</c> on the broker. Work beyond it waits in the database.
    /// </summary>
    public int MaxConcurrentCallsPerConnection { get; set; } = 4;

    /// <summary>Broker calls in flight on one node across all connections; beyond it connections take turns.</summary>
    public int MaxConcurrentCallsPerNode { get; set; } = 256;

    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Refuses values with which no broker call could ever start; called at start.</summary>
    public void Validate()
    {
        Require(MaxConcurrentCallsPerConnection >= 1, nameof(MaxConcurrentCallsPerConnection), "1 or more");
        Require(MaxConcurrentCallsPerNode >= 1, nameof(MaxConcurrentCallsPerNode), "1 or more");
        Require(CircuitBreaker.FailuresToOpen >= 1, "CircuitBreaker:FailuresToOpen", "1 or more");
        Require(CircuitBreaker.ProbeIntervalSeconds > 0, "CircuitBreaker:ProbeIntervalSeconds", "more than 0");
    }

    private static void Require(bool valid, string key, string expected) => OptionsGuard.Require(valid, Section, key, expected);

    public CircuitBreakerPolicy BreakerPolicy => new(CircuitBreaker.FailuresToOpen, TimeSpan.FromSeconds(CircuitBreaker.ProbeIntervalSeconds));
}

/// <summary><c>Brokers:CircuitBreaker:*</c>.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Consecutive timeouts or connection failures after which a connection is degraded.</summary>
    public int FailuresToOpen { get; set; } = CircuitBreakerPolicy.Default.FailuresToOpen;

    /// <summary>How often a degraded connection is probed with a catalog GET.</summary>
    public double ProbeIntervalSeconds { get; set; } = CircuitBreakerPolicy.Default.ProbeInterval.TotalSeconds;
}

using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers;

public enum ConnectionState
{
    Healthy,

    /// <summary>The circuit is open: new operations are refused until a probe succeeds.</summary>
    Degraded,
}

/// <summary>When a connection's circuit opens and how often a degraded one is probed (<c>Brokers:CircuitBreaker:*</c>).</summary>
public sealed record CircuitBreakerPolicy(int FailuresToOpen, TimeSpan ProbeInterval)
{
    public static CircuitBreakerPolicy Default { get; } = new(5, TimeSpan.FromSeconds(30));
}

/// <summary>
/// The health of one broker connection — the private registration or one publication — as every node sees it
/// (X3): a circuit breaker over transport failures. After <see cref="CircuitBreakerPolicy.FailuresToOpen"/>
/// consecutive timeouts or connection failures the connection is <see cref="ConnectionState.Degraded"/>: new
/// operations are refused at once, accepted ones wait (their deadline still wins), and a catalog GET probes it every
/// <see cref="CircuitBreakerPolicy.ProbeInterval"/> until one succeeds. An HTTP answer, whatever its status, is not a
/// transport failure: a broker that says no is up. Its <see cref="AggregateRoot.Id"/> is the connection's id.
/// </summary>
public sealed class ConnectionHealth : AggregateRoot
{
    public const int MaxErrorLength = 2000;

    private ConnectionHealth()
    {
    }

    public Guid BrokerId { get; private set; }

    public Guid? PublicationId { get; private set; }

    public ConnectionState State { get; private set; }

    /// <summary>Since when the connection is in its <see cref="State"/>.</summary>
    public DateTimeOffset Since { get; private set; }

    /// <summary>The last transport failure (kept after recovery, for owners and operators).</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>When a degraded connection is probed next; null while healthy.</summary>
    public DateTimeOffset? NextProbeAt { get; private set; }

    public static ConnectionHealth For(Guid brokerId, Guid? publicationId, DateTimeOffset now)
    {
        if (publicationId == Guid.Empty)
        {
            throw new ArgumentException("Use null for the private registration's connection.", nameof(publicationId));
        }

        return new ConnectionHealth
        {
            Id = publicationId ?? brokerId,
            BrokerId = brokerId,
            PublicationId = publicationId,
            State = ConnectionState.Healthy,
            Since = now,
        };
    }

    /// <summary>The broker answered (any HTTP status): the transport works. Closes an open circuit.</summary>
    public void RecordAnswer(DateTimeOffset now)
    {
        if (State == ConnectionState.Healthy && ConsecutiveFailures == 0)
        {
            return;
        }

        if (State == ConnectionState.Degraded)
        {
            State = ConnectionState.Healthy;
            Since = now;
        }

        ConsecutiveFailures = 0;
        NextProbeAt = null;
        MarkChanged();
    }

    /// <summary>A timeout or connection failure; enough of them in a row open the circuit.</summary>
    public void RecordTransportFailure(string error, DateTimeOffset now, CircuitBreakerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ConsecutiveFailures++;
        LastError = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
        LastErrorAt = now;
        if (State == ConnectionState.Healthy && ConsecutiveFailures >= policy.FailuresToOpen)
        {
            State = ConnectionState.Degraded;
            Since = now;
        }

        if (State == ConnectionState.Degraded && (NextProbeAt is null || NextProbeAt <= now))
        {
            NextProbeAt = now + policy.ProbeInterval;
        }

        MarkChanged();
    }

    public bool IsProbeDue(DateTimeOffset now) => State == ConnectionState.Degraded && NextProbeAt <= now;

    /// <summary>
    /// New provisions, updates, deprovisions, binds and unbinds are refused while the circuit is open: 503
    /// <c>broker.unavailable</c>, retry after the next probe. Reads and the owner's catalog calls are never refused.
    /// </summary>
    public void EnsureAcceptsNewOperations(DateTimeOffset now) => CheckRule(new BrokerMustBeAvailableRule(State, NextProbeAt, now));
}

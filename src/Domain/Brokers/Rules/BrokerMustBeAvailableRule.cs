using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>A degraded connection (circuit open) takes no new operations until a probe finds it answering again.</summary>
public sealed class BrokerMustBeAvailableRule(ConnectionState state, DateTimeOffset? nextProbeAt, DateTimeOffset now) : IBusinessRule, IRetryLaterRule
{
    public string Code => "broker.unavailable";

    public string Message =>
        "The broker is not answering (its connection failed repeatedly); operations already accepted wait for it. " +
        $"Retry after {RetryAfter.TotalSeconds:0} s, when the marketplace checks it again.";

    public RuleKind Kind => RuleKind.Unavailable;

    /// <summary>Until the next probe, at least one second.</summary>
    public TimeSpan RetryAfter => nextProbeAt is { } at && at - now > TimeSpan.FromSeconds(1) ? at - now : TimeSpan.FromSeconds(1);

    public bool IsBroken() => state == ConnectionState.Degraded;
}

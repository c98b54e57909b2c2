namespace Marketplace.Application.Common.Ports;

/// <summary>
/// Calls OSB brokers. Answers results instead of throwing for everything a broker can do: an
/// unreachable host, a timeout, a bad certificate and a 500 are normal outcomes here.
/// </summary>
public interface IServiceBrokerClient
{
    /// <summary>GET /v2/catalog of one connection; the body comes back unparsed.</summary>
    Task<BrokerCallResult> FetchCatalogAsync(BrokerConnection connection, CancellationToken cancellationToken);
}

/// <summary>
/// Where and how to reach one broker deployment: the private registration or one publication.
/// <see cref="OriginatingUserId"/> is set for calls a user caused (sent as OSB originating identity).
/// </summary>
public sealed record BrokerConnection(
    Guid BrokerId,
    Guid? PublicationId,
    string Endpoint,
    string Username,
    string Password,
    bool SkipTlsValidation,
    TimeSpan Timeout,
    string? OriginatingUserId = null)
{
    /// <summary>The connection's name in logs and the call log: the broker's identifier, with @location for a publication.</summary>
    public string Name { get; init; } = BrokerId.ToString();

    /// <summary>Never print the password.</summary>
    public override string ToString() => $"{Name} ({Endpoint})";
}

public enum BrokerCallOutcome
{
    /// <summary>The broker answered; <see cref="BrokerCallResult.Status"/> says how.</summary>
    Answered,

    /// <summary>No connection: DNS, refused, reset.</summary>
    Unreachable,

    /// <summary>No answer within the connection's timeout.</summary>
    Timeout,

    /// <summary>The TLS handshake failed: untrusted, expired or mismatched certificate.</summary>
    TlsInvalid,

    /// <summary>The endpoint resolves to an address the endpoint policy forbids (loopback, private, link-local).</summary>
    EndpointForbidden,
}

public sealed record BrokerCallResult(
    BrokerCallOutcome Outcome,
    int? Status,
    string? Body,
    string? Error,
    string RequestId,
    TimeSpan Duration,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public bool IsSuccessStatus => Outcome == BrokerCallOutcome.Answered && Status is >= 200 and < 300;
}

namespace Marketplace.Domain.ServiceInstances;

/// <summary>What a <see cref="BrokerOperation"/> does when it is next due.</summary>
public enum OperationStep
{
    /// <summary>A recursive delete waits until every binding of the instance is gone (H60).</summary>
    AwaitingUnbinds,

    /// <summary>Send the operation's request (PUT, PATCH or DELETE); also a retry after <c>ConcurrencyError</c>.</summary>
    Request,

    /// <summary>Poll <c>last_operation</c> after a 202 (D30–D38).</summary>
    Polling,

    /// <summary>GET the binding after an asynchronous bind succeeded, for its credentials (I71, J77).</summary>
    FetchingBinding,

    /// <summary>DELETE what may have been created after a failed provision or bind (L82–L84), until the broker confirms.</summary>
    OrphanMitigation,

    /// <summary>Poll the orphan mitigation's asynchronous delete.</summary>
    OrphanMitigationPolling,
}

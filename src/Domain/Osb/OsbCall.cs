namespace Marketplace.Domain.Osb;

/// <summary>The OSB calls the marketplace makes; how an answer is read depends on which one it answers.</summary>
public enum OsbCall
{
    /// <summary>GET /v2/catalog.</summary>
    Catalog,

    /// <summary>PUT /v2/service_instances/:id (E41).</summary>
    Provision,

    /// <summary>PATCH /v2/service_instances/:id (G52).</summary>
    Update,

    /// <summary>DELETE /v2/service_instances/:id (H61).</summary>
    Deprovision,

    /// <summary>GET /v2/service_instances/:id/last_operation (D31).</summary>
    PollInstance,

    /// <summary>PUT /v2/service_instances/:id/service_bindings/:bid (I67).</summary>
    Bind,

    /// <summary>DELETE /v2/service_instances/:id/service_bindings/:bid (K78).</summary>
    Unbind,

    /// <summary>GET /v2/service_instances/:id/service_bindings/:bid/last_operation (D32).</summary>
    PollBinding,

    /// <summary>GET /v2/service_instances/:id/service_bindings/:bid (J76).</summary>
    FetchBinding,
}

/// <summary>Why no HTTP answer came.</summary>
public enum NoAnswerKind
{
    /// <summary>No connection: DNS, refused, reset (possibly after the request was sent).</summary>
    Unreachable,

    /// <summary>No (complete) answer within the connection's timeout.</summary>
    Timeout,

    /// <summary>The TLS handshake failed: untrusted, expired or mismatched certificate. Nothing was sent.</summary>
    TlsInvalid,

    /// <summary>The endpoint resolves to an address the endpoint policy forbids. Nothing was sent.</summary>
    EndpointForbidden,
}

/// <summary>The three states of <c>last_operation</c> (D33).</summary>
public enum PollState
{
    InProgress,
    Succeeded,
    Failed,
}

namespace Marketplace.Domain.SharedKernel;

/// <summary>How a broken rule is reported: the API maps each kind to one HTTP status.</summary>
public enum RuleKind
{
    /// <summary>The request's shape is wrong (a field's format): 400.</summary>
    InvalidInput,

    /// <summary>The request conflicts with the current state (taken, approved, in progress): 409.</summary>
    Conflict,

    /// <summary>The request is well formed but refused by a rule: 422.</summary>
    Refused,

    /// <summary>The thing the request names does not exist (for this caller): 404.</summary>
    NotFound,

    /// <summary>Something the request needs is unavailable for now (a broker whose circuit is open): 503 with Retry-After.</summary>
    Unavailable,
}

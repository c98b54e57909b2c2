using Marketplace.Domain.Osb;

namespace Marketplace.Domain.ServiceInstances;

/// <summary>
/// What one step of a <see cref="BrokerOperation"/> comes to, as <see cref="OperationPolicy"/> decides it: the
/// operation succeeded, failed (perhaps with orphan mitigation), goes on later, or its orphan mitigation is done.
/// </summary>
public abstract record StepOutcome
{
    /// <summary>The request identity of the broker call this outcome answers (X8); null when no call was made.</summary>
    public string? RequestId { get; init; }

    /// <summary>The operation succeeded; <see cref="Body"/> is the broker's answer where it carries what the resource keeps.</summary>
    public sealed record Succeeded(OsbBody? Body, string? Description) : StepOutcome;

    /// <summary>
    /// The operation failed, for <see cref="Reason"/> (users read it) and <see cref="Code"/> (the broker's OSB error code,
    /// or ours: <c>timeout</c>, <c>malformed</c> …). With <see cref="OrphanMitigation"/> the marketplace deletes at the
    /// broker what may have been created until the broker confirms (L82–L84); the resource shows failed meanwhile.
    /// </summary>
    public sealed record Failed(
        string Reason,
        string? Code,
        bool OrphanMitigation,
        bool? InstanceUsable = null,
        bool? UpdateRepeatable = null,
        bool RefreshCatalog = false) : StepOutcome;

    /// <summary>
    /// Go on with <see cref="Step"/> (the same one: a poll in progress, a retry; or the next) at <see cref="At"/>.
    /// <see cref="Problem"/> is what went wrong, for operators (X4); <see cref="Progress"/> what users read meanwhile.
    /// </summary>
    public sealed record Continues(OperationStep Step, DateTimeOffset At, string? Problem, string? Progress) : StepOutcome;

    /// <summary>The broker accepted (202): poll from <see cref="At"/>, echoing <see cref="OperationToken"/> (D30, D31).</summary>
    public sealed record Polls(string? OperationToken, DateTimeOffset At, string? Progress, string? DashboardUrl) : StepOutcome;

    /// <summary>The broker confirmed the orphan mitigation's delete: the operation ends, the failed resource stays.</summary>
    public sealed record Cleaned : StepOutcome;
}

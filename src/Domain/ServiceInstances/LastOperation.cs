namespace Marketplace.Domain.ServiceInstances;

public enum OperationType
{
    Create,
    Update,
    Delete,
    Bind,
    Unbind,
}

public enum OperationState
{
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>
/// What the last operation on an instance or binding was and how it went, as users see it (M4): the broker's
/// description on failure, or what the marketplace is waiting for while it is in progress.
/// </summary>
/// <remarks>
/// <see cref="Code"/> says why it failed in a word a client can switch on (the broker's OSB error code, or ours:
/// <c>timeout</c>, <c>malformed</c>, <c>deadline_exceeded</c> …); <see cref="RequestId"/> is the
/// <c>X-Broker-API-Request-Identity</c> of the broker call whose answer ended it, for the broker's owner (X8).
/// </remarks>
public sealed record LastOperation(
    OperationType Type,
    OperationState State,
    string? Description,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    string? Code = null,
    string? RequestId = null)
{
    public const int MaxCodeLength = 200;

    public const int MaxRequestIdLength = 100;

    /// <summary>Broker descriptions are user text of any length; we keep the first 4000 characters.</summary>
    public const int MaxDescriptionLength = 4000;

    public static LastOperation Started(OperationType type, DateTimeOffset now) => new(type, OperationState.InProgress, null, now, now);

    /// <summary>
    /// Progress that says nothing new keeps the record as it is: <c>updatedAt</c> is when the state or the description
    /// last changed, and a poll that only repeats "in progress" writes nothing.
    /// </summary>
    public LastOperation Progress(string? description, DateTimeOffset now)
    {
        var trimmed = Trim(description);
        return State == OperationState.InProgress && Description == trimmed
            ? this
            : this with { State = OperationState.InProgress, Description = trimmed, UpdatedAt = now };
    }

    public LastOperation Succeed(string? description, DateTimeOffset now, string? requestId = null) =>
        this with { State = OperationState.Succeeded, Description = Trim(description), UpdatedAt = now, Code = null, RequestId = Cut(requestId, MaxRequestIdLength) };

    public LastOperation Fail(string? description, DateTimeOffset now, string? code = null, string? requestId = null) =>
        this with
        {
            State = OperationState.Failed,
            Description = Trim(description) ?? "The operation failed.",
            UpdatedAt = now,
            Code = Cut(code, MaxCodeLength),
            RequestId = Cut(requestId, MaxRequestIdLength),
        };

    private static string? Cut(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;

    private static string? Trim(string? description) =>
        description is { Length: > MaxDescriptionLength } ? description[..MaxDescriptionLength] : description;
}

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
public sealed record LastOperation(
    OperationType Type,
    OperationState State,
    string? Description,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Broker descriptions are user text of any length; we keep the first 4000 characters.</summary>
    public const int MaxDescriptionLength = 4000;

    public static LastOperation Started(OperationType type, DateTimeOffset now) => new(type, OperationState.InProgress, null, now, now);

    public LastOperation Progress(string? description, DateTimeOffset now) =>
        this with { State = OperationState.InProgress, Description = Trim(description), UpdatedAt = now };

    public LastOperation Succeed(string? description, DateTimeOffset now) =>
        this with { State = OperationState.Succeeded, Description = Trim(description), UpdatedAt = now };

    public LastOperation Fail(string? description, DateTimeOffset now) =>
        this with { State = OperationState.Failed, Description = Trim(description) ?? "The operation failed.", UpdatedAt = now };

    private static string? Trim(string? description) =>
        description is { Length: > MaxDescriptionLength } ? description[..MaxDescriptionLength] : description;
}

namespace Marketplace.Application.Common.Errors;

/// <summary>
/// A write based on an outdated read. <see cref="IsStalePrecondition"/> marks a stale <c>If-Match</c>
/// (412 <c>concurrency.stale</c>); otherwise two writes collided and this one lost (409 <c>concurrency.conflict</c>).
/// </summary>
public sealed class ConcurrencyException : Exception
{
    private ConcurrencyException(bool isStalePrecondition, string message)
        : base(message) => IsStalePrecondition = isStalePrecondition;

    public bool IsStalePrecondition { get; }

    public string Code => IsStalePrecondition ? "concurrency.stale" : "concurrency.conflict";

    public static ConcurrencyException Stale() =>
        new(true, "The resource was changed since you read it (If-Match does not match its ETag). Read it again and retry.");

    public static ConcurrencyException Conflict() =>
        new(false, "Another request changed the resource at the same time. Read it again and retry.");

    /// <summary>Checks an optional If-Match against the aggregate's current version.</summary>
    public static void ThrowIfStale(Guid? expectedVersion, Guid currentVersion)
    {
        if (expectedVersion is { } expected && expected != currentVersion)
        {
            throw Stale();
        }
    }
}

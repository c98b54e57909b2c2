namespace Marketplace.Application.Common.Ports;

/// <summary>
/// Commits the changes of one command. Throws <see cref="Errors.ConcurrencyException"/> when an aggregate
/// changed since it was read and <see cref="Errors.DuplicateKeyException"/> when a unique index refuses the write.
/// </summary>
public interface IUnitOfWork
{
    Task SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Commits a background step's changes only while the worker still holds <paramref name="claimToken"/> on the
    /// operation and — unless <paramref name="mayBeSuperseded"/> — no user has superseded it; checked in the same
    /// transaction as the save. Throws <see cref="Errors.ClaimLostException"/> otherwise, and nothing is saved.
    /// </summary>
    Task SaveClaimedStepAsync(Guid operationId, Guid claimToken, bool mayBeSuperseded, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> once the next save has committed, never when it fails: background jobs and
    /// wake-ups that need the saved rows are started only then.
    /// </summary>
    void AfterCommit(Action action);
}

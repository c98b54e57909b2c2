namespace Marketplace.Application.Common.Ports;

/// <summary>
/// Commits the changes of one command. Throws <see cref="Errors.ConcurrencyException"/> when an aggregate
/// changed since it was read and <see cref="Errors.DuplicateKeyException"/> when a unique index refuses the write.
/// </summary>
public interface IUnitOfWork
{
    Task SaveChangesAsync(CancellationToken cancellationToken);
}

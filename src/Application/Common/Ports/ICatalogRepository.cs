using Marketplace.Domain.Catalog;

namespace Marketplace.Application.Common.Ports;

public interface ICatalogRepository
{
    /// <summary>The catalog of one connection: the private registration (<paramref name="publicationId"/> null) or a publication.</summary>
    Task<ConnectionCatalog?> FindAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken);

    /// <summary>
    /// The catalog of one connection without its entries (services and plans), for what needs none of them
    /// (<see cref="ConnectionCatalog.TryConfirmUnchanged"/>, <see cref="ConnectionCatalog.RecordFailure"/>). A later
    /// <see cref="FindAsync"/> in the same unit of work loads the entries into the same object.
    /// </summary>
    Task<ConnectionCatalog?> FindWithoutEntriesAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken);

    /// <summary>Whether the catalog keeps an offering or plan inactive (gone from the broker, still used by instances).</summary>
    Task<bool> HasInactiveEntriesAsync(Guid catalogId, CancellationToken cancellationToken);

    /// <summary>
    /// Asks for a refresh of the connection's catalog (B4, B7, N96), for <paramref name="requestedBy"/> (null for scheduled
    /// ones); the broker work dispatcher runs it soon, within the connection's budget. Takes effect at once, not with a
    /// unit of work. False when the connection has no catalog (it is gone).
    /// </summary>
    Task<bool> RequestRefreshAsync(Guid brokerId, Guid? publicationId, string? requestedBy, DateTimeOffset now, CancellationToken cancellationToken);

    void Add(ConnectionCatalog catalog);

    void Remove(ConnectionCatalog catalog);
}

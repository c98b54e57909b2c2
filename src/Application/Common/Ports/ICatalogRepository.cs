using Marketplace.Domain.Catalog;

namespace Marketplace.Application.Common.Ports;

public interface ICatalogRepository
{
    /// <summary>The catalog of one connection: the private registration (<paramref name="publicationId"/> null) or a publication.</summary>
    Task<ConnectionCatalog?> FindAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken);

    /// <summary>
    /// Asks for a refresh of the connection's catalog (B4, B7, N96), for <paramref name="requestedBy"/> (null for scheduled
    /// ones); the broker work dispatcher runs it soon, within the connection's budget. Takes effect at once, not with a
    /// unit of work. False when the connection has no catalog (it is gone).
    /// </summary>
    Task<bool> RequestRefreshAsync(Guid brokerId, Guid? publicationId, string? requestedBy, DateTimeOffset now, CancellationToken cancellationToken);

    void Add(ConnectionCatalog catalog);

    void Remove(ConnectionCatalog catalog);
}

using Marketplace.Domain.Catalog;

namespace Marketplace.Application.Common.Ports;

public interface ICatalogRepository
{
    /// <summary>The catalog of one connection: the private registration (<paramref name="publicationId"/> null) or a publication.</summary>
    Task<ConnectionCatalog?> FindAsync(Guid brokerId, Guid? publicationId, CancellationToken cancellationToken);

    void Add(ConnectionCatalog catalog);

    void Remove(ConnectionCatalog catalog);
}

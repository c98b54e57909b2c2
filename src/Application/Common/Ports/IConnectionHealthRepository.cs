using Marketplace.Domain.Brokers;

namespace Marketplace.Application.Common.Ports;

/// <summary>The health of broker connections (one <see cref="ConnectionHealth"/> per private registration and publication).</summary>
public interface IConnectionHealthRepository
{
    Task<ConnectionHealth?> FindAsync(Guid connectionId, CancellationToken cancellationToken);

    void Add(ConnectionHealth health);

    void Remove(ConnectionHealth health);
}

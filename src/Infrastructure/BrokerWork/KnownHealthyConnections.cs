using System.Collections.Concurrent;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>
/// The connections this node last found healthy and without failures (its own last call to them answered). Every
/// dispatcher pass forgets those the database shows with failures or degraded, so a circuit another node opened is
/// known here within one pass; a transport failure on this node forgets the connection at once.
/// </summary>
internal sealed class KnownHealthyConnections
{
    private readonly ConcurrentDictionary<Guid, byte> _connections = new();

    public bool Contains(Guid connectionId) => _connections.ContainsKey(connectionId);

    public void Add(Guid connectionId) => _connections[connectionId] = 0;

    public void Forget(Guid connectionId) => _connections.TryRemove(connectionId, out _);
}

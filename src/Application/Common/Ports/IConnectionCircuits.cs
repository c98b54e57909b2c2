namespace Marketplace.Application.Common.Ports;

/// <summary>X3: whether a broker connection's circuit is open, for the steps of the node's dispatcher.</summary>
public interface IConnectionCircuits
{
    Task<bool> IsOpenAsync(Guid connectionId, CancellationToken cancellationToken);
}

using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Brokers.GetBroker;

/// <summary>A broker registration, for its owners and platform admins.</summary>
public sealed record GetBrokerQuery(Guid BrokerId) : IQuery<BrokerDto>;

public sealed class GetBrokerHandler(IReadStore store, BrokerOwnership ownership, BrokerViews views) : IQueryHandler<GetBrokerQuery, BrokerDto>
{
    public async ValueTask<BrokerDto> Handle(GetBrokerQuery query, CancellationToken cancellationToken)
    {
        var broker = await store.Brokers
            .Where(b => b.Id == query.BrokerId)
            .Select(BrokerDto.Projection)
            .FirstOrDefaultAsync(cancellationToken) ?? throw BrokerErrors.BrokerNotFound(query.BrokerId);
        await ownership.RequireReaderAsync(broker.Id, broker.CustomerId, cancellationToken);
        return await views.CompleteAsync(broker, cancellationToken);
    }
}

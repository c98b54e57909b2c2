using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Brokers.GetPublication;

/// <summary>One publication of a broker, for its owners and platform admins.</summary>
public sealed record GetPublicationQuery(Guid BrokerId, Guid PublicationId) : IQuery<PublicationDto>;

public sealed class GetPublicationHandler(IReadStore store, BrokerOwnership ownership)
    : IQueryHandler<GetPublicationQuery, PublicationDto>
{
    public async ValueTask<PublicationDto> Handle(GetPublicationQuery query, CancellationToken cancellationToken)
    {
        var customerId = await store.Brokers.Where(b => b.Id == query.BrokerId).Select(b => (Guid?)b.CustomerId)
            .FirstOrDefaultAsync(cancellationToken) ?? throw BrokerErrors.BrokerNotFound(query.BrokerId);
        await ownership.RequireReaderAsync(query.BrokerId, customerId, cancellationToken);
        return await store.Publications
            .Where(p => p.BrokerId == query.BrokerId && p.Id == query.PublicationId)
            .Select(PublicationDto.Projection)
            .FirstOrDefaultAsync(cancellationToken) ?? throw BrokerErrors.PublicationNotFound(query.PublicationId);
    }
}

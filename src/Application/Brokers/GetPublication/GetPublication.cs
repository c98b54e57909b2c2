using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Brokers.GetPublication;

/// <summary>One publication of a broker, for its owners and platform admins.</summary>
/// <remarks>Answers the broker's version too: the publication belongs to the broker aggregate, whose version is its ETag.</remarks>
public sealed record GetPublicationQuery(Guid BrokerId, Guid PublicationId) : IQuery<(PublicationDto Publication, Guid BrokerVersion)>;

public sealed class GetPublicationHandler(IReadStore store, BrokerOwnership ownership, BrokerViews views)
    : IQueryHandler<GetPublicationQuery, (PublicationDto Publication, Guid BrokerVersion)>
{
    public async ValueTask<(PublicationDto Publication, Guid BrokerVersion)> Handle(GetPublicationQuery query, CancellationToken cancellationToken)
    {
        var broker = await store.Brokers.Where(b => b.Id == query.BrokerId).Select(b => new { b.CustomerId, b.Version })
            .FirstOrDefaultAsync(cancellationToken) ?? throw BrokerErrors.BrokerNotFound(query.BrokerId);
        await ownership.RequireReaderAsync(query.BrokerId, broker.CustomerId, cancellationToken);
        var publication = await store.Publications
            .Where(p => p.BrokerId == query.BrokerId && p.Id == query.PublicationId)
            .Select(PublicationDto.Projection)
            .FirstOrDefaultAsync(cancellationToken) ?? throw BrokerErrors.PublicationNotFound(query.PublicationId);
        return (await views.CompleteAsync(publication, cancellationToken), broker.Version);
    }
}

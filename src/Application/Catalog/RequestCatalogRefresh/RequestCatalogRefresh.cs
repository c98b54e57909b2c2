using Marketplace.Application.Brokers;
using Marketplace.Application.Common.Ports;
using Mediator;

namespace Marketplace.Application.Catalog.RequestCatalogRefresh;

/// <summary>B4/B7: owners and platform admins ask for a refresh now; the same background job runs it.</summary>
public sealed record RequestCatalogRefreshCommand(Guid BrokerId, Guid? PublicationId) : ICommand;

public sealed class RequestCatalogRefreshHandler(
    IServiceBrokerRepository brokers, BrokerOwnership ownership, ICatalogRepository catalogs, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<RequestCatalogRefreshCommand>
{
    public async ValueTask<Unit> Handle(RequestCatalogRefreshCommand command, CancellationToken cancellationToken)
    {
        var broker = await brokers.FindAsync(command.BrokerId, cancellationToken) ?? throw BrokerErrors.BrokerNotFound(command.BrokerId);
        await ownership.RequireReaderAsync(broker.Id, broker.CustomerId, cancellationToken);
        if (command.PublicationId is { } publicationId && broker.FindPublication(publicationId) is null)
        {
            throw BrokerErrors.PublicationNotFound(publicationId);
        }

        await catalogs.RequestRefreshAsync(broker.Id, command.PublicationId, user.UserId, clock.GetUtcNow(), cancellationToken);
        return Unit.Value;
    }
}

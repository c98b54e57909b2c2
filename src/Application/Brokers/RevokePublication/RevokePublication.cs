using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Brokers.RevokePublication;

/// <summary>B8: the owners withdraw a publication that is not approved yet.</summary>
public sealed record RevokePublicationCommand(Guid BrokerId, Guid PublicationId, Guid? ExpectedVersion = null) : ICommand, IBrokerOwnerCommand;

public sealed class RevokePublicationHandler(
    BrokerOwnership ownership,
    ICatalogRepository catalogs,
    IConnectionHealthRepository healths,
    ICatalogRefreshJobs refreshJobs,
    IUnitOfWork unitOfWork) : ICommandHandler<RevokePublicationCommand>
{
    public async ValueTask<Unit> Handle(RevokePublicationCommand command, CancellationToken cancellationToken)
    {
        var broker = await ownership.LoadForOwnerAsync(command.BrokerId, cancellationToken);
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, broker.Version);
        var location = broker.FindPublication(command.PublicationId)?.LocationIdentifier;
        broker.RevokePublication(command.PublicationId);
        if (await catalogs.FindAsync(broker.Id, command.PublicationId, cancellationToken) is { } catalog)
        {
            catalogs.Remove(catalog);
        }

        if (await healths.FindAsync(command.PublicationId, cancellationToken) is { } health)
        {
            healths.Remove(health);
        }

        unitOfWork.AfterCommit(() => refreshJobs.Unschedule(BrokerConnections.JobName(broker.Identifier, location)));
        return Unit.Value;
    }
}

using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Brokers.PublishBroker;

/// <summary>
/// B5: the owners publish a separate deployment of the broker, with its own https endpoint and
/// credentials, to a public location or Global. It waits for a platform admin's approval (B6).
/// </summary>
public sealed record PublishBrokerCommand(
    Guid BrokerId, string? Location, string? Endpoint, string? Username, string? Password, bool DevelopmentMode)
    : ICommand<PublicationDto>, IBrokerOwnerCommand;

public sealed class PublishBrokerHandler(
    BrokerOwnership ownership,
    ILocationRepository locations,
    ISecretProtector secrets,
    ICatalogRepository catalogs,
    ICatalogRefreshJobs refreshJobs,
    IConnectionHealthRepository healths,
    IUnitOfWork unitOfWork,
    BrokerConnections connections,
    CatalogCheck catalogCheck,
    ICurrentUser user,
    TimeProvider clock)
    : ICommandHandler<PublishBrokerCommand, PublicationDto>
{
    public async ValueTask<PublicationDto> Handle(PublishBrokerCommand command, CancellationToken cancellationToken)
    {
        var broker = await ownership.LoadForOwnerAsync(command.BrokerId, cancellationToken);
        var location = await locations.FindByIdentifierAsync(command.Location!, cancellationToken)
            ?? throw new UnknownLocationException(command.Location!);
        var publication = broker.Publish(
            location,
            new PublicationRequest(command.Endpoint!, command.Username!, secrets.Protect(command.Password!), command.DevelopmentMode),
            clock.GetUtcNow());

        // The deployment must answer with a valid catalog over validated TLS before the publication is saved.
        var connection = connections.ForPublication(broker, publication, user.UserId);
        var document = await catalogCheck.FetchAsync(connection, cancellationToken);
        var fetched = document.Parse();
        var catalog = ConnectionCatalog.For(broker.Id, publication.Id);
        catalog.Apply(fetched, new HashSet<string>(), clock.GetUtcNow(), document.Fingerprint);
        catalogs.Add(catalog);
        var health = ConnectionHealth.For(broker.Id, publication.Id, clock.GetUtcNow());
        healths.Add(health);
        var jobName = BrokerConnections.JobName(broker.Identifier, publication.LocationIdentifier);
        unitOfWork.AfterCommit(() => refreshJobs.Schedule(jobName, broker.Id, publication.Id));
        return PublicationDto.From(publication, health);
    }
}

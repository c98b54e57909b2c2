using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Brokers.EditBroker;

/// <summary>
/// B3: the owners edit every registration field but the identifier; absent fields stay. A request that
/// names another identifier is refused (<c>broker.identifier_immutable</c>).
/// </summary>
public sealed record EditBrokerCommand(
    Guid BrokerId, string? Identifier, string? Name, string? Endpoint, string? Username, string? Password,
    bool? DevelopmentMode, int? RequestTimeoutSeconds, Guid? ExpectedVersion, int? MaxConcurrentCalls = null) : ICommand<BrokerDto>, IBrokerOwnerCommand;

public sealed class EditBrokerHandler(
    BrokerOwnership ownership,
    ISecretProtector secrets,
    ICatalogRepository catalogs,
    BrokerConnections connections,
    CatalogCheck catalogCheck,
    ICurrentUser user,
    PlansInUse plansInUse,
    BrokerCallOptions callOptions,
    IConnectionHealthRepository healths,
    TimeProvider clock)
    : ICommandHandler<EditBrokerCommand, BrokerDto>
{
    public async ValueTask<BrokerDto> Handle(EditBrokerCommand command, CancellationToken cancellationToken)
    {
        var broker = await ownership.LoadForOwnerAsync(command.BrokerId, cancellationToken);
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, broker.Version);
        broker.EnsureIdentifierUnchanged(command.Identifier);
        var connectionChanged = broker.Edit(new BrokerEdit(
            command.Name,
            command.Endpoint,
            command.Username,
            command.Password is null ? null : secrets.Protect(command.Password),
            command.DevelopmentMode,
            command.RequestTimeoutSeconds,
            command.MaxConcurrentCalls), callOptions.MaxConcurrentCallsPerConnection);

        // A new endpoint, credentials or TLS mode must work before it is saved: the catalog check runs again.
        if (connectionChanged)
        {
            var document = await catalogCheck.FetchAsync(connections.ForRegistration(broker, user.UserId), cancellationToken);
            var fetched = document.Parse();
            var catalog = await catalogs.FindAsync(broker.Id, null, cancellationToken);
            if (catalog is null)
            {
                catalog = ConnectionCatalog.For(broker.Id, null);
                catalogs.Add(catalog);
            }

            var problems = catalog.CheckCompatibility(fetched);
            if (problems.Count > 0)
            {
                throw new BrokerCheckException("broker.catalog_invalid", CatalogProblem.Summarize(problems), problems);
            }

            catalog.Apply(fetched, await plansInUse.BrokerPlanIdsAsync(catalog, cancellationToken), clock.GetUtcNow(), document.Fingerprint);
        }

        return BrokerDto.From(broker, await healths.FindAsync(broker.Id, cancellationToken), callOptions.MaxConcurrentCallsPerConnection);
    }
}

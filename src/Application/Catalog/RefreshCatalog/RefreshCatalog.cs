using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Mediator;

namespace Marketplace.Application.Catalog.RefreshCatalog;

/// <summary>
/// B4/B7, O4: fetches a connection's catalog and applies it (diff by ids; plans with instances stay inactive).
/// A failure or an invalid catalog keeps the last good catalog and records the error. Run by the background
/// job; safe to run twice. Answers false when the connection no longer exists.
/// </summary>
/// <param name="RequestedBy">The user who asked for it (sent as originating identity); null for scheduled refreshes.</param>
public sealed record RefreshCatalogCommand(Guid BrokerId, Guid? PublicationId, string? RequestedBy = null) : ICommand<bool>;

public sealed class RefreshCatalogHandler(
    IServiceBrokerRepository brokers,
    ICatalogRepository catalogs,
    BrokerConnections connections,
    CatalogCheck check,
    PlansInUse plansInUse,
    TimeProvider clock) : ICommandHandler<RefreshCatalogCommand, bool>
{
    public async ValueTask<bool> Handle(RefreshCatalogCommand command, CancellationToken cancellationToken)
    {
        var broker = await brokers.FindAsync(command.BrokerId, cancellationToken);
        var publication = command.PublicationId is { } id ? broker?.FindPublication(id) : null;
        var catalog = await catalogs.FindWithoutEntriesAsync(command.BrokerId, command.PublicationId, cancellationToken);
        if (broker is null || catalog is null || (command.PublicationId is not null && publication is null))
        {
            return false;
        }

        var connection = publication is null
            ? connections.ForRegistration(broker, command.RequestedBy)
            : connections.ForPublication(broker, publication, command.RequestedBy);
        try
        {
            var fetched = await check.FetchAsync(connection, cancellationToken);
            // The query for inactive entries only matters for the document applied last; any other goes to the full diff.
            if (catalog.HoldsDocument(fetched.Fingerprint)
                && catalog.TryConfirmUnchanged(fetched.Fingerprint, await catalogs.HasInactiveEntriesAsync(catalog.Id, cancellationToken), clock.GetUtcNow()))
            {
                return true; // P3: the same document as last time; only the status is written
            }

            var parsed = fetched.Parse();
            catalog = await catalogs.FindAsync(command.BrokerId, command.PublicationId, cancellationToken) ?? catalog; // now with its entries
            var problems = catalog.CheckCompatibility(parsed);
            if (problems.Count > 0)
            {
                catalog.RecordFailure($"broker.catalog_invalid: {Domain.Catalog.CatalogProblem.Summarize(problems)}", clock.GetUtcNow());
            }
            else
            {
                catalog.Apply(parsed, await plansInUse.BrokerPlanIdsAsync(catalog, cancellationToken), clock.GetUtcNow(), fetched.Fingerprint);
            }
        }
        catch (BrokerCheckException failure)
        {
            catalog.RecordFailure($"{failure.Code}: {failure.Message}", clock.GetUtcNow());
        }

        return true;
    }
}

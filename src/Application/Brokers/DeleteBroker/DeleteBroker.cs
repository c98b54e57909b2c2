using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Brokers.DeleteBroker;

/// <summary>
/// B9: the owners delete a broker by typing its name, while none of its publications is approved.
/// Only the marketplace's record goes: nothing is sent to the broker. Its instances and bindings stay as
/// orphaned, read-only records, and their operations in flight end.
/// </summary>
public sealed record DeleteBrokerCommand(Guid BrokerId, string? ConfirmName, Guid? ExpectedVersion) : ICommand, IBrokerOwnerCommand;

public sealed class DeleteBrokerHandler(
    BrokerOwnership ownership,
    IServiceBrokerRepository brokers,
    ICatalogRefreshJobs refreshJobs,
    IServiceInstanceRepository instances,
    IServiceBindingRepository bindings,
    IBrokerOperationRepository operations,
    TimeProvider clock) : ICommandHandler<DeleteBrokerCommand>
{
    public async ValueTask<Unit> Handle(DeleteBrokerCommand command, CancellationToken cancellationToken)
    {
        var broker = await ownership.LoadForOwnerAsync(command.BrokerId, cancellationToken);
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, broker.Version);
        broker.EnsureCanBeDeleted(command.ConfirmName);
        brokers.Remove(broker); // its catalogs go with it (cascade)
        await OrphanInstancesAsync(broker.Id, cancellationToken);
        refreshJobs.Unschedule(BrokerConnections.JobName(broker.Identifier));
        foreach (var publication in broker.Publications)
        {
            refreshJobs.Unschedule(BrokerConnections.JobName(broker.Identifier, publication.LocationIdentifier));
        }
        return Unit.Value;
    }

    private async Task OrphanInstancesAsync(Guid brokerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var orphaned = await instances.ForBrokerAsync(brokerId, cancellationToken);
        foreach (var instance in orphaned)
        {
            instance.MarkOrphaned(now);
        }

        foreach (var binding in await bindings.ForInstancesAsync(orphaned.Select(i => i.Id).ToList(), cancellationToken))
        {
            binding.MarkOrphaned(now);
        }

        foreach (var operation in await operations.ForBrokerAsync(brokerId, cancellationToken))
        {
            operations.Remove(operation);
        }
    }
}

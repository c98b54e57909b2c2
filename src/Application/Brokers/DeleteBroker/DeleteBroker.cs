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
    IUnitOfWork unitOfWork,
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
        brokers.Remove(broker); // its catalogs and connection health go with it (cascade)
        await OrphanInstancesAsync(broker.Id, cancellationToken);
        var jobNames = broker.Publications.Select(p => BrokerConnections.JobName(broker.Identifier, p.LocationIdentifier))
            .Prepend(BrokerConnections.JobName(broker.Identifier)).ToList();
        unitOfWork.AfterCommit(() => jobNames.ForEach(refreshJobs.Unschedule)); // a delete that fails keeps its refreshes
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
            operation.Supersede(now); // ends without another broker call, once a call still in flight has returned
        }
    }
}

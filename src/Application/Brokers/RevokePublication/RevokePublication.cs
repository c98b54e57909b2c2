using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Brokers.RevokePublication;

/// <summary>B8: the owners withdraw a publication that is not approved yet.</summary>
public sealed record RevokePublicationCommand(Guid BrokerId, Guid PublicationId, Guid? ExpectedVersion = null) : ICommand, IBrokerOwnerCommand;

public sealed class RevokePublicationHandler(BrokerOwnership ownership) : ICommandHandler<RevokePublicationCommand>
{
    public async ValueTask<Unit> Handle(RevokePublicationCommand command, CancellationToken cancellationToken)
    {
        var broker = await ownership.LoadForOwnerAsync(command.BrokerId, cancellationToken);
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, broker.Version);
        broker.RevokePublication(command.PublicationId);
        return Unit.Value;
    }
}

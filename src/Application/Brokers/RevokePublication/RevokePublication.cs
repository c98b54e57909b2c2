using Mediator;

namespace Marketplace.Application.Brokers.RevokePublication;

/// <summary>B8: the owners withdraw a publication that is not approved yet.</summary>
public sealed record RevokePublicationCommand(Guid BrokerId, Guid PublicationId) : ICommand;

public sealed class RevokePublicationHandler(BrokerOwnership ownership) : ICommandHandler<RevokePublicationCommand>
{
    public async ValueTask<Unit> Handle(RevokePublicationCommand command, CancellationToken cancellationToken)
    {
        var broker = await ownership.LoadForOwnerAsync(command.BrokerId, cancellationToken);
        broker.RevokePublication(command.PublicationId);
        return Unit.Value;
    }
}

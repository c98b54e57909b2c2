using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Brokers;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Brokers.EditBroker;

/// <summary>
/// B3: the owners edit every registration field but the identifier; absent fields stay. A request that
/// names another identifier is refused (<c>broker.identifier_immutable</c>).
/// </summary>
public sealed record EditBrokerCommand(
    Guid BrokerId, string? Identifier, string? Name, string? Endpoint, string? Username, string? Password,
    bool? DevelopmentMode, int? RequestTimeoutSeconds, Guid? ExpectedVersion) : ICommand<BrokerDto>, IBrokerOwnerCommand;

public sealed class EditBrokerHandler(BrokerOwnership ownership, ISecretProtector secrets)
    : ICommandHandler<EditBrokerCommand, BrokerDto>
{
    public async ValueTask<BrokerDto> Handle(EditBrokerCommand command, CancellationToken cancellationToken)
    {
        var broker = await ownership.LoadForOwnerAsync(command.BrokerId, cancellationToken);
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, broker.Version);
        broker.EnsureIdentifierUnchanged(command.Identifier);
        broker.Edit(new BrokerEdit(
            command.Name,
            command.Endpoint,
            command.Username,
            command.Password is null ? null : secrets.Protect(command.Password),
            command.DevelopmentMode,
            command.RequestTimeoutSeconds));
        return BrokerDto.From(broker);
    }
}

using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Brokers.ApprovePublication;

/// <summary>B6: a platform admin approves a pending publication; its services become visible at its location.</summary>
public sealed record ApprovePublicationCommand(Guid PublicationId) : ICommand<PublicationDto>;

public sealed class ApprovePublicationHandler(
    TenantAccess access, IServiceBrokerRepository brokers, IConnectionHealthRepository healths, TimeProvider clock)
    : ICommandHandler<ApprovePublicationCommand, PublicationDto>
{
    public async ValueTask<PublicationDto> Handle(ApprovePublicationCommand command, CancellationToken cancellationToken)
    {
        access.RequirePlatformAdmin();
        var broker = await brokers.FindByPublicationAsync(command.PublicationId, cancellationToken)
            ?? throw BrokerErrors.PublicationNotFound(command.PublicationId);
        var health = await healths.FindAsync(command.PublicationId, cancellationToken);
        return PublicationDto.From(broker.ApprovePublication(command.PublicationId, access.User.UserId, clock.GetUtcNow()), health);
    }
}

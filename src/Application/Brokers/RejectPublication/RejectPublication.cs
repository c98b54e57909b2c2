using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Brokers.RejectPublication;

/// <summary>B6: a platform admin rejects a pending publication, optionally saying why; its location is free again.</summary>
public sealed record RejectPublicationCommand(Guid PublicationId, string? Reason) : ICommand<PublicationDto>;

public sealed class RejectPublicationHandler(
    TenantAccess access, IServiceBrokerRepository brokers, IConnectionHealthRepository healths, TimeProvider clock)
    : ICommandHandler<RejectPublicationCommand, PublicationDto>
{
    public async ValueTask<PublicationDto> Handle(RejectPublicationCommand command, CancellationToken cancellationToken)
    {
        access.RequirePlatformAdmin();
        var broker = await brokers.FindByPublicationAsync(command.PublicationId, cancellationToken)
            ?? throw BrokerErrors.PublicationNotFound(command.PublicationId);
        var health = await healths.FindAsync(command.PublicationId, cancellationToken);
        return PublicationDto.From(broker.RejectPublication(command.PublicationId, access.User.UserId, command.Reason, clock.GetUtcNow()), health);
    }
}

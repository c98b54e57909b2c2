using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Tenancy.EnableProjectLocation;

/// <summary>A customer admin enables a marketplace location for a project. Idempotent.</summary>
public sealed record EnableProjectLocationCommand(Guid ProjectId, string LocationIdentifier) : ICommand, IProjectAdminCommand;

public sealed class EnableProjectLocationHandler(ProjectAdministration administration, ILocationRepository locations)
    : ICommandHandler<EnableProjectLocationCommand>
{
    public async ValueTask<Unit> Handle(EnableProjectLocationCommand command, CancellationToken cancellationToken)
    {
        var project = await administration.LoadForCustomerAdminAsync(command.ProjectId, cancellationToken);
        var location = await locations.FindByIdentifierAsync(command.LocationIdentifier, cancellationToken)
            ?? throw new UnknownLocationException(command.LocationIdentifier);
        project.EnableLocation(location);
        return Unit.Value;
    }
}

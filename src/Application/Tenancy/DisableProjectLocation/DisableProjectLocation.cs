using Mediator;

namespace Marketplace.Application.Tenancy.DisableProjectLocation;

/// <summary>A customer admin disables a marketplace location for a project. Idempotent.</summary>
public sealed record DisableProjectLocationCommand(Guid ProjectId, string LocationIdentifier) : ICommand;

public sealed class DisableProjectLocationHandler(ProjectAdministration administration)
    : ICommandHandler<DisableProjectLocationCommand>
{
    public async ValueTask<Unit> Handle(DisableProjectLocationCommand command, CancellationToken cancellationToken)
    {
        var project = await administration.LoadForCustomerAdminAsync(command.ProjectId, cancellationToken);
        project.DisableLocation(command.LocationIdentifier);
        return Unit.Value;
    }
}

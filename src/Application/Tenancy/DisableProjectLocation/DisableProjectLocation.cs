using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Tenancy.DisableProjectLocation;

/// <summary>A customer admin disables a marketplace location for a project. Idempotent.</summary>
public sealed record DisableProjectLocationCommand(Guid ProjectId, string LocationIdentifier, Guid? ExpectedVersion = null) : ICommand, IProjectAdminCommand;

public sealed class DisableProjectLocationHandler(ProjectAdministration administration)
    : ICommandHandler<DisableProjectLocationCommand>
{
    public async ValueTask<Unit> Handle(DisableProjectLocationCommand command, CancellationToken cancellationToken)
    {
        var project = await administration.LoadForCustomerAdminAsync(command.ProjectId, cancellationToken);
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, project.Version);
        project.DisableLocation(command.LocationIdentifier);
        return Unit.Value;
    }
}

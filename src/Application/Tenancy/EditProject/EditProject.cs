using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Tenancy.EditProject;

/// <summary>Renames a project (its identifier never changes). Customer admins.</summary>
public sealed record EditProjectCommand(Guid ProjectId, string? Name, Guid? ExpectedVersion) : ICommand<ProjectDto>, IProjectAdminCommand;

public sealed class EditProjectHandler(ProjectAdministration administration) : ICommandHandler<EditProjectCommand, ProjectDto>
{
    public async ValueTask<ProjectDto> Handle(EditProjectCommand command, CancellationToken cancellationToken)
    {
        var project = await administration.LoadForCustomerAdminAsync(command.ProjectId, cancellationToken);
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, project.Version);
        if (command.Name is not null)
        {
            project.Rename(command.Name);
        }

        return ProjectDto.From(project);
    }
}

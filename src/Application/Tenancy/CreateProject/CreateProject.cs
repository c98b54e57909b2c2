using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Tenancy;
using Mediator;

namespace Marketplace.Application.Tenancy.CreateProject;

/// <summary>A customer admin creates a project; its identifier is unique within the customer.</summary>
public sealed record CreateProjectCommand(Guid CustomerId, string? Identifier, string? Name) : ICommand<ProjectDto>, ICustomerAdminCommand;

public sealed class CreateProjectHandler(TenantAccess access, IProjectRepository projects, TimeProvider clock)
    : ICommandHandler<CreateProjectCommand, ProjectDto>
{
    public async ValueTask<ProjectDto> Handle(CreateProjectCommand command, CancellationToken cancellationToken)
    {
        await access.RequireCustomerAdminAsync(
            command.CustomerId, TenancyErrors.CustomerNotFound(command.CustomerId), platformAdminMayAct: false, cancellationToken);
        if (await projects.IdentifierExistsAsync(command.CustomerId, command.Identifier!, cancellationToken))
        {
            throw new DuplicateKeyException("project.identifier_taken", $"This customer has a project '{command.Identifier}' already.");
        }

        var project = Project.Create(command.CustomerId, command.Identifier!, command.Name!, clock.GetUtcNow());
        projects.Add(project);
        return ProjectDto.From(project);
    }
}

using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Tenancy.AddProjectMember;

/// <summary>A customer admin adds a user to a project. Idempotent.</summary>
public sealed record AddProjectMemberCommand(Guid ProjectId, string UserId) : ICommand, IProjectAdminCommand;

public sealed class AddProjectMemberHandler(ProjectAdministration administration) : ICommandHandler<AddProjectMemberCommand>
{
    public async ValueTask<Unit> Handle(AddProjectMemberCommand command, CancellationToken cancellationToken)
    {
        var project = await administration.LoadForCustomerAdminAsync(command.ProjectId, cancellationToken);
        project.AddMember(command.UserId);
        return Unit.Value;
    }
}

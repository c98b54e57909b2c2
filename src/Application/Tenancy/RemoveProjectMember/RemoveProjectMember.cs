using Mediator;

namespace Marketplace.Application.Tenancy.RemoveProjectMember;

/// <summary>A customer admin removes a user from a project. Idempotent.</summary>
public sealed record RemoveProjectMemberCommand(Guid ProjectId, string UserId) : ICommand;

public sealed class RemoveProjectMemberHandler(ProjectAdministration administration) : ICommandHandler<RemoveProjectMemberCommand>
{
    public async ValueTask<Unit> Handle(RemoveProjectMemberCommand command, CancellationToken cancellationToken)
    {
        var project = await administration.LoadForCustomerAdminAsync(command.ProjectId, cancellationToken);
        project.RemoveMember(command.UserId);
        return Unit.Value;
    }
}

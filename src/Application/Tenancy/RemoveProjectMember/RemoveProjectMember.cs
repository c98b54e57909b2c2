using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Tenancy.RemoveProjectMember;

/// <summary>A customer admin removes a user from a project. Idempotent.</summary>
public sealed record RemoveProjectMemberCommand(Guid ProjectId, string UserId, Guid? ExpectedVersion = null) : ICommand, IProjectAdminCommand;

public sealed class RemoveProjectMemberHandler(ProjectAdministration administration) : ICommandHandler<RemoveProjectMemberCommand>
{
    public async ValueTask<Unit> Handle(RemoveProjectMemberCommand command, CancellationToken cancellationToken)
    {
        var project = await administration.LoadForCustomerAdminAsync(command.ProjectId, cancellationToken);
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, project.Version);
        project.RemoveMember(command.UserId);
        return Unit.Value;
    }
}

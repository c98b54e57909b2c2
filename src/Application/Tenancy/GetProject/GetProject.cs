using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Tenancy.GetProject;

/// <summary>A project, for its members, its customer's admins and platform admins.</summary>
public sealed record GetProjectQuery(Guid ProjectId) : IQuery<ProjectDto>;

public sealed class GetProjectHandler(IReadStore store, TenantAccess access) : IQueryHandler<GetProjectQuery, ProjectDto>
{
    public async ValueTask<ProjectDto> Handle(GetProjectQuery query, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.ProjectNotFound(query.ProjectId);
        var project = await store.Projects.FirstOrDefaultAsync(p => p.Id == query.ProjectId, cancellationToken) ?? throw notFound;
        if (!await access.CanReadProjectAsync(project.Id, project.CustomerId, cancellationToken))
        {
            throw notFound;
        }

        return ProjectDto.From(project);
    }
}

using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Tenancy;

namespace Marketplace.Application.Tenancy;

/// <summary>Loads a project for a change that only its customer's admins may make.</summary>
public sealed class ProjectAdministration(TenantAccess access, IProjectRepository projects)
{
    public async Task<Project> LoadForCustomerAdminAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.ProjectNotFound(projectId);
        var project = await projects.FindAsync(projectId, cancellationToken) ?? throw notFound;
        await access.RequireCustomerAdminAsync(project.CustomerId, notFound, platformAdminMayAct: false, cancellationToken);
        return project;
    }
}

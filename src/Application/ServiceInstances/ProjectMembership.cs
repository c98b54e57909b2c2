using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// Instances and bindings belong to the project's members: only they provision, bind and see credentials.
/// Callers outside the customer get the project's 404; others of the customer (its admins, members of other
/// projects, platform admins) get 403.
/// </summary>
public sealed class ProjectMembership(TenantAccess access, IReadStore store)
{
    public string UserId => access.User.UserId;

    public async Task RequireMemberAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.ProjectNotFound(projectId);
        var userId = access.User.UserId;
        var project = await store.Projects.Where(p => p.Id == projectId)
            .Select(p => new { p.CustomerId, IsMember = p.Members.Any(m => m.UserId == userId) })
            .FirstOrDefaultAsync(cancellationToken) ?? throw notFound;
        if (project.IsMember)
        {
            return;
        }

        var role = await access.CustomerRoleAsync(project.CustomerId, cancellationToken);
        if (role == CustomerRole.None && !access.User.IsPlatformAdmin)
        {
            throw notFound;
        }

        throw new ForbiddenException("Only members of the project may use its instances and bindings.");
    }
}

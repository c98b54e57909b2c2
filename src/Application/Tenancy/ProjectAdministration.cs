using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Marketplace;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Tenancy;

/// <summary>Loads a project for a change that only its customer's admins may make.</summary>
public sealed class ProjectAdministration(
    TenantAccess access, IProjectRepository projects, IReadStore store, IMarketplaceVersion versions, MarketplaceReadCache cache)
{
    /// <summary>Checks, without loading the aggregate, that the caller administers the project's customer.</summary>
    public async Task RequireCustomerAdminAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.ProjectNotFound(projectId);
        var customerId = await store.Projects.Where(p => p.Id == projectId).Select(p => (Guid?)p.CustomerId)
            .FirstOrDefaultAsync(cancellationToken) ?? throw notFound;
        await access.RequireCustomerAdminAsync(customerId, notFound, platformAdminMayAct: false, cancellationToken);
    }

    /// <summary>Checks that the caller may read the project: its members, its customer's admins, platform admins (else 404).</summary>
    public async Task RequireReaderAsync(Guid projectId, CancellationToken cancellationToken)
    {
        // Memberships and customer admins move the marketplace version, so a member's decision holds while it is unchanged
        // (P1). A platform admin's rests on the token's role, not on the database: it is not kept.
        var version = await versions.CurrentAsync(cancellationToken);
        var userId = access.User.UserId;
        var cached = !access.User.IsPlatformAdmin;
        if (cached && cache.MayRead(version, userId, projectId))
        {
            return;
        }

        var customerId = await store.Projects.Where(p => p.Id == projectId).Select(p => (Guid?)p.CustomerId).FirstOrDefaultAsync(cancellationToken);
        if (customerId is not { } id || !await access.CanReadProjectAsync(projectId, id, cancellationToken))
        {
            throw TenancyErrors.ProjectNotFound(projectId);
        }

        if (cached)
        {
            cache.RememberMayRead(version, userId, projectId);
        }
    }

    public async Task<Project> LoadForCustomerAdminAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.ProjectNotFound(projectId);
        var project = await projects.FindAsync(projectId, cancellationToken) ?? throw notFound;
        await access.RequireCustomerAdminAsync(project.CustomerId, notFound, platformAdminMayAct: false, cancellationToken);
        return project;
    }
}

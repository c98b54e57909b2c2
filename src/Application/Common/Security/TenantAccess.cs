using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Common.Security;

/// <summary>
/// Answers what the caller may do within a customer or project. A caller outside the tenant gets the
/// resource's 404 (ids do not leak); a caller inside it without the role gets 403.
/// </summary>
public sealed class TenantAccess(ICurrentUser user, IReadStore store)
{
    public ICurrentUser User { get; } = user;

    public async Task<CustomerRole> CustomerRoleAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var userId = User.UserId;
        var isAdmin = await store.Customers
            .AnyAsync(c => c.Id == customerId && c.Admins.Any(a => a.UserId == userId), cancellationToken);
        if (isAdmin)
        {
            return CustomerRole.CustomerAdmin;
        }

        var isMember = await store.Projects
            .AnyAsync(p => p.CustomerId == customerId && p.Members.Any(m => m.UserId == userId), cancellationToken);
        return isMember ? CustomerRole.ProjectMember : CustomerRole.None;
    }

    public void RequirePlatformAdmin()
    {
        if (!User.IsPlatformAdmin)
        {
            throw new ForbiddenException("Only platform admins may do this.");
        }
    }

    /// <summary>
    /// Requires the caller to be an admin of the customer. Platform admins see every customer, so they get
    /// 403 where <paramref name="platformAdminMayAct"/> is false; callers outside the customer get 404.
    /// </summary>
    public async Task RequireCustomerAdminAsync(
        Guid customerId, NotFoundException notFound, bool platformAdminMayAct, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notFound);
        var role = await CustomerRoleAsync(customerId, cancellationToken);
        switch (role)
        {
            case CustomerRole.CustomerAdmin:
                return;
            case CustomerRole.None when !User.IsPlatformAdmin:
                throw notFound;
            case CustomerRole.None or CustomerRole.ProjectMember when User.IsPlatformAdmin && platformAdminMayAct:
                return;
            default:
                throw new ForbiddenException("Only admins of this customer may do this.");
        }
    }

    /// <summary>Requires the caller to see the customer at all: platform admin, customer admin or project member.</summary>
    public async Task<CustomerRole> RequireCustomerReaderAsync(
        Guid customerId, NotFoundException notFound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notFound);
        var role = await CustomerRoleAsync(customerId, cancellationToken);
        if (role == CustomerRole.None && !User.IsPlatformAdmin)
        {
            throw notFound;
        }

        return role;
    }

    /// <summary>Whether the caller may read the project: its members, its customer's admins, platform admins.</summary>
    public async Task<bool> CanReadProjectAsync(Guid projectId, Guid customerId, CancellationToken cancellationToken)
    {
        if (User.IsPlatformAdmin)
        {
            return true;
        }

        var userId = User.UserId;
        var isMember = await store.Projects
            .AnyAsync(p => p.Id == projectId && p.Members.Any(m => m.UserId == userId), cancellationToken);
        return isMember || await CustomerRoleAsync(customerId, cancellationToken) == CustomerRole.CustomerAdmin;
    }
}

using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Tenancy.ListProjects;

/// <summary>A customer's projects: all of them for its admins and platform admins, a member's own otherwise.</summary>
public sealed record ListProjectsQuery(Guid CustomerId, PageRequest Paging) : IQuery<Page<ProjectDto>>, IPagedQuery;

public sealed class ListProjectsHandler(IReadStore store, TenantAccess access) : IQueryHandler<ListProjectsQuery, Page<ProjectDto>>
{
    public async ValueTask<Page<ProjectDto>> Handle(ListProjectsQuery query, CancellationToken cancellationToken)
    {
        var role = await access.RequireCustomerReaderAsync(
            query.CustomerId, TenancyErrors.CustomerNotFound(query.CustomerId), cancellationToken);
        var userId = access.User.UserId;
        var visible = store.Projects.Where(p => p.CustomerId == query.CustomerId);
        if (role != CustomerRole.CustomerAdmin && !access.User.IsPlatformAdmin)
        {
            visible = visible.Where(p => p.Members.Any(m => m.UserId == userId));
        }

        var page = await visible.OrderBy(p => p.Name).ThenBy(p => p.Identifier).ToPageAsync(query.Paging, cancellationToken);
        return new Page<ProjectDto>(page.Items.Select(ProjectDto.From).ToList(), page.PageNumber, page.PageSize, page.Total);
    }
}

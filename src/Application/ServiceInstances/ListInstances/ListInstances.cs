using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.ServiceInstances.ListInstances;

/// <summary>M4: the project's instances, by name.</summary>
public sealed record ListInstancesQuery(Guid ProjectId, PageRequest Paging) : IQuery<Page<ServiceInstanceDto>>, IPagedQuery, IProjectMemberRequest;

public sealed class ListInstancesHandler(IReadStore store) : IQueryHandler<ListInstancesQuery, Page<ServiceInstanceDto>>
{
    public async ValueTask<Page<ServiceInstanceDto>> Handle(ListInstancesQuery query, CancellationToken cancellationToken)
    {
        var page = await store.Instances.Where(i => i.ProjectId == query.ProjectId).OrderBy(i => i.Name).ThenBy(i => i.Id)
            .ToPageAsync(query.Paging, cancellationToken);
        return new Page<ServiceInstanceDto>(page.Items.Select(ServiceInstanceDto.From).ToList(), page.PageNumber, page.PageSize, page.Total);
    }
}

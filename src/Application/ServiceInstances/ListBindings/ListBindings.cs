using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.ServiceInstances.ListBindings;

/// <summary>M5: an instance's bindings, by name; credentials only in each binding's detail.</summary>
public sealed record ListBindingsQuery(Guid ProjectId, Guid InstanceId, PageRequest Paging)
    : IQuery<Page<ServiceBindingDto>>, IPagedQuery, IProjectMemberRequest;

public sealed class ListBindingsHandler(IReadStore store, BindingView view)
    : IQueryHandler<ListBindingsQuery, Page<ServiceBindingDto>>
{
    public async ValueTask<Page<ServiceBindingDto>> Handle(ListBindingsQuery query, CancellationToken cancellationToken)
    {
        if (!await store.Instances.AnyAsync(i => i.Id == query.InstanceId && i.ProjectId == query.ProjectId, cancellationToken))
        {
            throw InstanceErrors.InstanceNotFound(query.InstanceId);
        }

        var page = await store.Bindings.Where(b => b.InstanceId == query.InstanceId).OrderBy(b => b.Name).ThenBy(b => b.Id)
            .ToPageAsync(query.Paging, cancellationToken);
        return new Page<ServiceBindingDto>(
            page.Items.Select(b => view.ToDto(b, withCredentials: false)).ToList(), page.PageNumber, page.PageSize, page.Total);
    }
}

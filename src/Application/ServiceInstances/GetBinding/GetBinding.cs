using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.ServiceInstances.GetBinding;

/// <summary>M5: one binding with the credentials the broker returned for it — for the project's members only.</summary>
public sealed record GetBindingQuery(Guid ProjectId, Guid InstanceId, Guid BindingId) : IQuery<ServiceBindingDto>, IProjectMemberRequest;

public sealed class GetBindingHandler(IReadStore store, BindingView view) : IQueryHandler<GetBindingQuery, ServiceBindingDto>
{
    public async ValueTask<ServiceBindingDto> Handle(GetBindingQuery query, CancellationToken cancellationToken)
    {
        if (!await store.Instances.AnyAsync(i => i.Id == query.InstanceId && i.ProjectId == query.ProjectId, cancellationToken))
        {
            throw InstanceErrors.InstanceNotFound(query.InstanceId);
        }

        var binding = await store.Bindings.FirstOrDefaultAsync(b => b.Id == query.BindingId && b.InstanceId == query.InstanceId, cancellationToken)
            ?? throw InstanceErrors.BindingNotFound(query.BindingId);
        return view.ToDto(binding, withCredentials: true);
    }
}

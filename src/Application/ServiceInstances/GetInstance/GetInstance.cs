using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.ServiceInstances.GetInstance;

/// <summary>M4: one instance with its state, last operation, dashboard link and the parameters we sent.</summary>
public sealed record GetInstanceQuery(Guid ProjectId, Guid InstanceId) : IQuery<ServiceInstanceDto>;

public sealed class GetInstanceHandler(IReadStore store, ProjectMembership membership) : IQueryHandler<GetInstanceQuery, ServiceInstanceDto>
{
    public async ValueTask<ServiceInstanceDto> Handle(GetInstanceQuery query, CancellationToken cancellationToken)
    {
        await membership.RequireMemberAsync(query.ProjectId, cancellationToken);
        var instance = await store.Instances.FirstOrDefaultAsync(i => i.Id == query.InstanceId && i.ProjectId == query.ProjectId, cancellationToken)
            ?? throw InstanceErrors.InstanceNotFound(query.InstanceId);
        return ServiceInstanceDto.From(instance);
    }
}

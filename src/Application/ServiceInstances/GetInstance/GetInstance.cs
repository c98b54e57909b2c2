using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.ServiceInstances.GetInstance;

/// <summary>M4: one instance with its state, last operation, dashboard link and the parameters we sent.</summary>
public sealed record GetInstanceQuery(Guid ProjectId, Guid InstanceId) : IQuery<ServiceInstanceDto>, IProjectMemberRequest;

public sealed class GetInstanceHandler(IReadStore store) : IQueryHandler<GetInstanceQuery, ServiceInstanceDto>
{
    public async ValueTask<ServiceInstanceDto> Handle(GetInstanceQuery query, CancellationToken cancellationToken)
    {
        var instance = await store.Instances.FirstOrDefaultAsync(i => i.Id == query.InstanceId && i.ProjectId == query.ProjectId, cancellationToken)
            ?? throw InstanceErrors.InstanceNotFound(query.InstanceId);
        return ServiceInstanceDto.From(instance);
    }
}

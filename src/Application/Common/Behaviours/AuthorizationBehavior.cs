using Marketplace.Application.Brokers;
using Marketplace.Application.Common.Security;
using Marketplace.Application.ServiceInstances;
using Marketplace.Application.Tenancy;
using Mediator;

namespace Marketplace.Application.Common.Behaviours;

/// <summary>
/// Checks who may send a command or query before its body is validated, so that a caller without the role learns
/// nothing about the input rules (403) and a caller outside the tenant learns nothing at all (404). The message says
/// who it is for with a marker interface (<see cref="IProjectMemberRequest"/> …); handlers then only orchestrate.
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(
    TenantAccess access, ProjectAdministration projects, BrokerOwnership brokers, ProjectMembership members)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        switch (message)
        {
            // An empty id is a validation failure (400), reported by the validator that runs next.
            case ICustomerAdminCommand { CustomerId: var customerId } when customerId != Guid.Empty:
                await access.RequireCustomerAdminAsync(
                    customerId, TenancyErrors.CustomerNotFound(customerId), platformAdminMayAct: false, cancellationToken);
                break;
            case ICustomerEditCommand { CustomerId: var customerId }:
                await access.RequireCustomerAdminAsync(
                    customerId, TenancyErrors.CustomerNotFound(customerId), platformAdminMayAct: true, cancellationToken);
                break;
            case IProjectAdminCommand { ProjectId: var projectId }:
                await projects.RequireCustomerAdminAsync(projectId, cancellationToken);
                break;
            case IBrokerOwnerCommand { BrokerId: var brokerId }:
                await brokers.RequireOwnerAsync(brokerId, cancellationToken);
                break;
            case IBrokerOperatorRequest { BrokerId: var brokerId }:
                await brokers.RequireReaderAsync(brokerId, cancellationToken);
                break;
            case IProjectMemberRequest { ProjectId: var projectId }:
                await members.RequireMemberAsync(projectId, cancellationToken);
                break;
            case IProjectReaderRequest { ProjectId: var projectId }:
                await projects.RequireReaderAsync(projectId, cancellationToken);
                break;
        }

        return await next(message, cancellationToken);
    }
}

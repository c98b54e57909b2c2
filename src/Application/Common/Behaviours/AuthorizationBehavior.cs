using Marketplace.Application.Brokers;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Tenancy;
using Mediator;

namespace Marketplace.Application.Common.Behaviours;

/// <summary>
/// Checks who may send a command before its body is validated, so that a caller without the role learns
/// nothing about the input rules (403) and a caller outside the tenant learns nothing at all (404).
/// Handlers check again where they load the aggregate.
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(
    TenantAccess access, ProjectAdministration projects, BrokerOwnership brokers)
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
        }

        return await next(message, cancellationToken);
    }
}

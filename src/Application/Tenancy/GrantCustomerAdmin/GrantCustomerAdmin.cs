using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Tenancy.GrantCustomerAdmin;

/// <summary>A platform admin makes a user admin of a customer. Idempotent.</summary>
public sealed record GrantCustomerAdminCommand(Guid CustomerId, string UserId) : ICommand;

public sealed class GrantCustomerAdminHandler(TenantAccess access, ICustomerRepository customers)
    : ICommandHandler<GrantCustomerAdminCommand>
{
    public async ValueTask<Unit> Handle(GrantCustomerAdminCommand command, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.CustomerNotFound(command.CustomerId);
        await access.RequireCustomerReaderAsync(command.CustomerId, notFound, cancellationToken);
        access.RequirePlatformAdmin();
        var customer = await customers.FindAsync(command.CustomerId, cancellationToken) ?? throw notFound;
        customer.GrantAdmin(command.UserId);
        return Unit.Value;
    }
}

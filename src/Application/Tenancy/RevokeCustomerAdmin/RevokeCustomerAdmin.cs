using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Common.Errors;
using Mediator;

namespace Marketplace.Application.Tenancy.RevokeCustomerAdmin;

/// <summary>A platform admin takes a user's customer-admin role away. Idempotent.</summary>
public sealed record RevokeCustomerAdminCommand(Guid CustomerId, string UserId, Guid? ExpectedVersion = null) : ICommand;

public sealed class RevokeCustomerAdminHandler(TenantAccess access, ICustomerRepository customers)
    : ICommandHandler<RevokeCustomerAdminCommand>
{
    public async ValueTask<Unit> Handle(RevokeCustomerAdminCommand command, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.CustomerNotFound(command.CustomerId);
        await access.RequireCustomerReaderAsync(command.CustomerId, notFound, cancellationToken);
        access.RequirePlatformAdmin();
        var customer = await customers.FindAsync(command.CustomerId, cancellationToken) ?? throw notFound;
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, customer.Version);
        customer.RevokeAdmin(command.UserId);
        return Unit.Value;
    }
}

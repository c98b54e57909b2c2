using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;

namespace Marketplace.Application.Tenancy.EditCustomer;

/// <summary>Renames a customer (its identifier never changes). Platform admins and the customer's admins.</summary>
public sealed record EditCustomerCommand(Guid CustomerId, string? Name, Guid? ExpectedVersion) : ICommand<CustomerDto>, ICustomerEditCommand;

public sealed class EditCustomerHandler(TenantAccess access, ICustomerRepository customers)
    : ICommandHandler<EditCustomerCommand, CustomerDto>
{
    public async ValueTask<CustomerDto> Handle(EditCustomerCommand command, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.CustomerNotFound(command.CustomerId);
        await access.RequireCustomerAdminAsync(command.CustomerId, notFound, platformAdminMayAct: true, cancellationToken);
        var customer = await customers.FindAsync(command.CustomerId, cancellationToken) ?? throw notFound;
        ConcurrencyException.ThrowIfStale(command.ExpectedVersion, customer.Version);
        if (command.Name is not null)
        {
            customer.Rename(command.Name);
        }

        return CustomerDto.From(customer);
    }
}

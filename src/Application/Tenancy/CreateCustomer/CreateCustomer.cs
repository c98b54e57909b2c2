using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Tenancy;
using Mediator;

namespace Marketplace.Application.Tenancy.CreateCustomer;

public sealed record CreateCustomerCommand(string? Identifier, string? Name) : ICommand<CustomerDto>;

public sealed class CreateCustomerHandler(TenantAccess access, ICustomerRepository customers, TimeProvider clock)
    : ICommandHandler<CreateCustomerCommand, CustomerDto>
{
    public async ValueTask<CustomerDto> Handle(CreateCustomerCommand command, CancellationToken cancellationToken)
    {
        access.RequirePlatformAdmin();
        if (await customers.IdentifierExistsAsync(command.Identifier!, cancellationToken))
        {
            throw new DuplicateKeyException("customer.identifier_taken", $"A customer '{command.Identifier}' exists already.");
        }

        var customer = Customer.Create(command.Identifier!, command.Name!, clock.GetUtcNow());
        customers.Add(customer);
        return CustomerDto.From(customer);
    }
}

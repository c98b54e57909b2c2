using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Tenancy.GetCustomer;

public sealed record GetCustomerQuery(Guid CustomerId) : IQuery<CustomerDto>;

public sealed class GetCustomerHandler(IReadStore store, TenantAccess access) : IQueryHandler<GetCustomerQuery, CustomerDto>
{
    public async ValueTask<CustomerDto> Handle(GetCustomerQuery query, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.CustomerNotFound(query.CustomerId);
        await access.RequireCustomerReaderAsync(query.CustomerId, notFound, cancellationToken);
        var customer = await store.Customers.FirstOrDefaultAsync(c => c.Id == query.CustomerId, cancellationToken)
            ?? throw notFound;
        return CustomerDto.From(customer);
    }
}

using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Tenancy;
using Mediator;

namespace Marketplace.Application.Brokers.ListBrokers;

/// <summary>
/// Brokers of one customer (<see cref="CustomerId"/>) or, without it, of every customer the caller
/// administers; platform admins see all.
/// </summary>
public sealed record ListBrokersQuery(Guid? CustomerId, PageRequest Paging) : IQuery<Page<BrokerDto>>, IPagedQuery;

public sealed class ListBrokersHandler(IReadStore store, TenantAccess access, BrokerViews views) : IQueryHandler<ListBrokersQuery, Page<BrokerDto>>
{
    public async ValueTask<Page<BrokerDto>> Handle(ListBrokersQuery query, CancellationToken cancellationToken)
    {
        var brokers = store.Brokers;
        if (query.CustomerId is { } customerId)
        {
            await access.RequireCustomerAdminAsync(
                customerId, TenancyErrors.CustomerNotFound(customerId), platformAdminMayAct: true, cancellationToken);
            brokers = brokers.Where(b => b.CustomerId == customerId);
        }
        else if (!access.User.IsPlatformAdmin)
        {
            var userId = access.User.UserId;
            brokers = brokers.Where(b => store.Customers.Any(c => c.Id == b.CustomerId && c.Admins.Any(a => a.UserId == userId)));
        }

        var page = await brokers
            .OrderBy(b => b.Name).ThenBy(b => b.Identifier)
            .Select(BrokerDto.Projection)
            .ToPageAsync(query.Paging, cancellationToken);
        return await views.CompleteAsync(page, cancellationToken);
    }
}

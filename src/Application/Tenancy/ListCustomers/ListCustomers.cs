using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Mediator;

namespace Marketplace.Application.Tenancy.ListCustomers;

/// <summary>Platform admins see every customer; others the customers they are admin or project member of.</summary>
public sealed record ListCustomersQuery(PageRequest Paging) : IQuery<Page<CustomerDto>>, IPagedQuery;

public sealed class ListCustomersHandler(IReadStore store, ICurrentUser user) : IQueryHandler<ListCustomersQuery, Page<CustomerDto>>
{
    public async ValueTask<Page<CustomerDto>> Handle(ListCustomersQuery query, CancellationToken cancellationToken)
    {
        var userId = user.UserId;
        var visible = store.Customers;
        if (!user.IsPlatformAdmin)
        {
            visible = visible.Where(c => c.Admins.Any(a => a.UserId == userId) ||
                store.Projects.Any(p => p.CustomerId == c.Id && p.Members.Any(m => m.UserId == userId)));
        }

        var page = await visible.OrderBy(c => c.Name).ThenBy(c => c.Identifier).ToPageAsync(query.Paging, cancellationToken);
        return new Page<CustomerDto>(page.Items.Select(CustomerDto.From).ToList(), page.PageNumber, page.PageSize, page.Total);
    }
}

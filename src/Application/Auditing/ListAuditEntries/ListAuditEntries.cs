using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Tenancy;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Auditing.ListAuditEntries;

/// <summary>An audited action (X4's operator actions so far), newest first.</summary>
public sealed record AuditEntryDto(Guid Id, DateTimeOffset At, string UserId, Guid? CustomerId, string Action, string Target, string? Details);

/// <summary>
/// The audit trail: platform admins read all of it (or one customer's), customer admins their customers' entries.
/// </summary>
public sealed record ListAuditEntriesQuery(Guid? CustomerId, PageRequest Paging) : IQuery<Page<AuditEntryDto>>, IPagedQuery;

public sealed class ListAuditEntriesHandler(IReadStore store, TenantAccess access) : IQueryHandler<ListAuditEntriesQuery, Page<AuditEntryDto>>
{
    public async ValueTask<Page<AuditEntryDto>> Handle(ListAuditEntriesQuery query, CancellationToken cancellationToken)
    {
        var entries = store.AuditEntries;
        if (query.CustomerId is { } customerId)
        {
            if (!await store.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
            {
                throw TenancyErrors.CustomerNotFound(customerId);
            }

            await access.RequireCustomerAdminAsync(customerId, TenancyErrors.CustomerNotFound(customerId), platformAdminMayAct: true, cancellationToken);
            entries = entries.Where(e => e.CustomerId == customerId);
        }
        else if (!access.User.IsPlatformAdmin)
        {
            var userId = access.User.UserId;
            var administered = store.Customers.Where(c => c.Admins.Any(a => a.UserId == userId)).Select(c => (Guid?)c.Id);
            entries = entries.Where(e => administered.Contains(e.CustomerId));
        }

        return await entries.OrderByDescending(e => e.At).ThenBy(e => e.Id)
            .Select(e => new AuditEntryDto(e.Id, e.At, e.UserId, e.CustomerId, e.Action, e.Target, e.Details))
            .ToPageAsync(query.Paging, cancellationToken);
    }
}

using Marketplace.Application.Brokers;
using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.OperationWorkbench.ListBrokerOperations;

/// <summary>X4: the operations in flight on a broker's instances and bindings; <c>stuck</c> ones are past their deadline.</summary>
public sealed record ListBrokerOperationsQuery(Guid BrokerId, string? State, PageRequest Paging) : IQuery<Page<OperationDto>>, IPagedQuery;

public sealed class ListBrokerOperationsHandler(IReadStore store, BrokerOwnership ownership, TimeProvider clock)
    : IQueryHandler<ListBrokerOperationsQuery, Page<OperationDto>>
{
    public async ValueTask<Page<OperationDto>> Handle(ListBrokerOperationsQuery query, CancellationToken cancellationToken)
    {
        await ownership.RequireReaderAsync(query.BrokerId, cancellationToken);
        var now = clock.GetUtcNow();

        // Few rows per broker are in flight; the deadline filter runs in memory so it reads the same on every provider.
        var all = await store.Operations.Where(o => o.BrokerId == query.BrokerId && !o.Superseded).ToListAsync(cancellationToken);
        var selected = all.Where(o => query.State != "stuck" || o.IsPastDeadline(now))
            .OrderByDescending(o => o.StartedAt).ThenBy(o => o.Id).ToList();
        var items = selected.Skip(query.Paging.Skip).Take(query.Paging.PageSize).Select(o => OperationDto.From(o, now)).ToList();
        return new Page<OperationDto>(items, query.Paging.Page, query.Paging.PageSize, selected.Count);
    }
}

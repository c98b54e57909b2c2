using Marketplace.Application.Common.Security;
using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.OperationWorkbench.ListBrokerOperations;

/// <summary>X4: the operations in flight on a broker's instances and bindings; <c>stuck</c> ones are past their deadline.</summary>
public sealed record ListBrokerOperationsQuery(Guid BrokerId, string? State, PageRequest Paging)
    : IQuery<Page<OperationDto>>, IPagedQuery, IBrokerOperatorRequest;

public sealed class ListBrokerOperationsHandler(IReadStore store, TimeProvider clock)
    : IQueryHandler<ListBrokerOperationsQuery, Page<OperationDto>>
{
    public async ValueTask<Page<OperationDto>> Handle(ListBrokerOperationsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var operations = store.Operations.Where(o => o.BrokerId == query.BrokerId && !o.Superseded);
        if (query.State == "stuck")
        {
            operations = operations.Where(o => o.Deadline <= now);
        }

        // The deadline is stored as sortable ticks: latest deadline (most recently started) first, in SQL on every provider.
        var page = await operations.OrderByDescending(o => o.Deadline).ThenBy(o => o.Id).ToPageAsync(query.Paging, cancellationToken);
        return new Page<OperationDto>(page.Items.Select(o => OperationDto.From(o, now)).ToList(), page.PageNumber, page.PageSize, page.Total);
    }
}

using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Common.Paging;

public static class PagingExtensions
{
    /// <summary>Counts and fetches one page; the query must already be ordered.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(
        this IQueryable<T> ordered, PageRequest paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paging);
        var total = await ordered.CountAsync(cancellationToken);
        var items = await ordered.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return new Page<T>(items, paging.Page, paging.PageSize, total);
    }
}

using Marketplace.Application.Common.Paging;

namespace Marketplace.Api.Endpoints;

/// <summary><c>?page=1&amp;pageSize=50</c> on every list; validated with the query (pageSize ≤ 200).</summary>
internal sealed record PagingParameters(int? Page, int? PageSize)
{
    public PageRequest ToPageRequest() => new(Page ?? 1, PageSize ?? PageRequest.DefaultPageSize);
}

/// <summary>The list envelope: <c>{ items, page, pageSize, total }</c>.</summary>
internal sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public static PageResponse<T> From<TDto>(Page<TDto> page, Func<TDto, T> map) =>
        new(page.Items.Select(map).ToList(), page.PageNumber, page.PageSize, page.Total);
}

namespace Marketplace.Application.Common.Paging;

/// <summary>Which page of a list to answer; validated by <see cref="PageRequestValidator"/>.</summary>
public sealed record PageRequest(int Page = 1, int PageSize = PageRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;
}

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>A query that answers one page of a list.</summary>
public interface IPagedQuery
{
    PageRequest Paging { get; }
}

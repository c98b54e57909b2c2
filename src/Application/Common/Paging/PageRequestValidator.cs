using FluentValidation;

namespace Marketplace.Application.Common.Paging;

public sealed class PageRequestValidator : AbstractValidator<PageRequest>
{
    /// <summary>Keeps the row offset (page × pageSize) far inside the range of an int.</summary>
    public const int MaxPage = 1_000_000;

    public PageRequestValidator()
    {
        RuleFor(p => p.Page).GreaterThanOrEqualTo(1).LessThanOrEqualTo(MaxPage).OverridePropertyName("page");
        RuleFor(p => p.PageSize).InclusiveBetween(1, PageRequest.MaxPageSize).OverridePropertyName("pageSize");
    }
}

using Marketplace.Application.Common.Errors;

namespace Marketplace.Application.Tenancy;

public static class TenancyErrors
{
    public static NotFoundException CustomerNotFound(Guid id) => new("customer.not_found", $"There is no customer '{id}'.");

    public static NotFoundException ProjectNotFound(Guid id) => new("project.not_found", $"There is no project '{id}'.");

    public static NotFoundException LocationNotFound(string identifier) =>
        new("location.not_found", $"There is no location '{identifier}'.");
}

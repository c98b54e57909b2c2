using Marketplace.Application.Common.Errors;

namespace Marketplace.Application.ServiceInstances;

public static class InstanceErrors
{
    public static NotFoundException InstanceNotFound(Guid id) => new("instance.not_found", $"There is no service instance '{id}'.");

    public static NotFoundException BindingNotFound(Guid id) => new("binding.not_found", $"There is no binding '{id}'.");

    public static NotFoundException ServiceNotFound(Guid id) =>
        new("service.not_found", $"There is no service '{id}' in this project's marketplace.");

    public static NotFoundException PlanNotFound(Guid id) => new("plan.not_found", $"The service has no plan '{id}'.");

    public static NotFoundException OperationNotFound(Guid id) => new("operation.not_found", $"There is no operation '{id}' in flight.");
}

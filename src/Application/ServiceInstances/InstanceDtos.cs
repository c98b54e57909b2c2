using System.Text.Json.Nodes;
using Marketplace.Application.Marketplace;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.ServiceInstances;

public sealed record LastOperationDto(
    OperationType Type, OperationState State, string? Description, string? Code, string? RequestId, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt)
{
    public static LastOperationDto From(LastOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new LastOperationDto(
            operation.Type, operation.State, operation.Description, operation.Code, operation.RequestId, operation.StartedAt, operation.UpdatedAt);
    }
}

/// <summary>M4: an instance as its project's members see it.</summary>
public sealed record ServiceInstanceDto(
    Guid Id,
    Guid ProjectId,
    string Name,
    Guid ServiceId,
    Guid PlanId,
    ServiceInstanceState State,
    bool Usable,
    string? DashboardUrl,
    JsonNode? Parameters,
    LastOperationDto LastOperation,
    DateTimeOffset CreatedAt,
    Guid Version)
{
    public static ServiceInstanceDto From(ServiceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new ServiceInstanceDto(
            instance.Id, instance.ProjectId, instance.Name, instance.ServiceId, instance.PlanId, instance.State, instance.Usable,
            instance.DashboardUrl, VisibleServices.ParseJson(instance.ParametersJson), LastOperationDto.From(instance.LastOperation), instance.CreatedAt,
            instance.Version);
    }

}

/// <summary>
/// M5: a binding. <see cref="Credentials"/> is the broker's object exactly as it returned it for this binding,
/// null until the bind succeeded; <see cref="Endpoints"/> likewise (I69).
/// </summary>
public sealed record ServiceBindingDto(
    Guid Id,
    Guid InstanceId,
    string Name,
    ServiceBindingState State,
    JsonNode? Credentials,
    CredentialsErrorDto? CredentialsError,
    JsonNode? Endpoints,
    JsonNode? Parameters,
    LastOperationDto LastOperation,
    DateTimeOffset CreatedAt,
    Guid Version);

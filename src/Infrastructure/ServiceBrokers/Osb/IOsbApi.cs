using Refit;

namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>
/// The OSB v2 routes, as Refit sees them. Bodies arrive prepared as JSON (so a resend is byte-identical);
/// Refit escapes path and query values, including the broker's <c>operation</c> token (D31).
/// </summary>
internal interface IOsbApi
{
    [Get("/v2/catalog")]
    Task<IApiResponse<string>> GetCatalogAsync(CancellationToken cancellationToken);

    [Put("/v2/service_instances/{instanceId}?accepts_incomplete=true")]
    Task<IApiResponse<string>> ProvisionAsync(Guid instanceId, [Body] HttpContent body, CancellationToken cancellationToken);

    [Patch("/v2/service_instances/{instanceId}?accepts_incomplete=true")]
    Task<IApiResponse<string>> UpdateAsync(Guid instanceId, [Body] HttpContent body, CancellationToken cancellationToken);

    [Delete("/v2/service_instances/{instanceId}?accepts_incomplete=true")]
    Task<IApiResponse<string>> DeprovisionAsync(
        Guid instanceId, [AliasAs("service_id")] string serviceId, [AliasAs("plan_id")] string planId, CancellationToken cancellationToken);

    [Get("/v2/service_instances/{instanceId}/last_operation")]
    Task<IApiResponse<string>> PollInstanceAsync(
        Guid instanceId, [AliasAs("service_id")] string serviceId, [AliasAs("plan_id")] string planId, string? operation,
        CancellationToken cancellationToken);

    [Put("/v2/service_instances/{instanceId}/service_bindings/{bindingId}?accepts_incomplete=true")]
    Task<IApiResponse<string>> BindAsync(Guid instanceId, Guid bindingId, [Body] HttpContent body, CancellationToken cancellationToken);

    [Delete("/v2/service_instances/{instanceId}/service_bindings/{bindingId}?accepts_incomplete=true")]
    Task<IApiResponse<string>> UnbindAsync(
        Guid instanceId, Guid bindingId, [AliasAs("service_id")] string serviceId, [AliasAs("plan_id")] string planId,
        CancellationToken cancellationToken);

    [Get("/v2/service_instances/{instanceId}/service_bindings/{bindingId}/last_operation")]
    Task<IApiResponse<string>> PollBindingAsync(
        Guid instanceId, Guid bindingId, [AliasAs("service_id")] string serviceId, [AliasAs("plan_id")] string planId, string? operation,
        CancellationToken cancellationToken);

    [Get("/v2/service_instances/{instanceId}/service_bindings/{bindingId}")]
    Task<IApiResponse<string>> FetchBindingAsync(
        Guid instanceId, Guid bindingId, [AliasAs("service_id")] string serviceId, [AliasAs("plan_id")] string planId,
        CancellationToken cancellationToken);
}

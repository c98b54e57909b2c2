using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Osb;
using Marketplace.Infrastructure.ServiceBrokers.Osb;

namespace Marketplace.Infrastructure.BrokerWork;

/// <summary>The broker client every caller gets: each call's transport outcome goes into its connection's health.</summary>
internal sealed class HealthRecordingBrokerClient(OsbServiceBrokerClient inner, ConnectionHealthRecorder recorder) : IServiceBrokerClient
{
    public Task<OsbAnswer> FetchCatalogAsync(BrokerConnection connection, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.FetchCatalogAsync(connection, cancellationToken));

    public Task<OsbAnswer> ProvisionAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.ProvisionAsync(connection, instanceId, bodyJson, cancellationToken));

    public Task<OsbAnswer> UpdateAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.UpdateAsync(connection, instanceId, bodyJson, cancellationToken));

    public Task<OsbAnswer> DeprovisionAsync(BrokerConnection connection, Guid instanceId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.DeprovisionAsync(connection, instanceId, plan, cancellationToken));

    public Task<OsbAnswer> PollInstanceAsync(
        BrokerConnection connection, Guid instanceId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.PollInstanceAsync(connection, instanceId, plan, operation, cancellationToken));

    public Task<OsbAnswer> BindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, string bodyJson, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.BindAsync(connection, instanceId, bindingId, bodyJson, cancellationToken));

    public Task<OsbAnswer> UnbindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.UnbindAsync(connection, instanceId, bindingId, plan, cancellationToken));

    public Task<OsbAnswer> PollBindingAsync(
        BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.PollBindingAsync(connection, instanceId, bindingId, plan, operation, cancellationToken));

    public Task<OsbAnswer> FetchBindingAsync(
        BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        RecordAsync(connection, inner.FetchBindingAsync(connection, instanceId, bindingId, plan, cancellationToken));

    private async Task<OsbAnswer> RecordAsync(BrokerConnection connection, Task<OsbAnswer> call)
    {
        var answer = await call;
        await recorder.RecordAsync(connection.ConnectionId, answer);
        return answer;
    }
}

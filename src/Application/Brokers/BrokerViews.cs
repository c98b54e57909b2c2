using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Common.Paging;
using Marketplace.Application.Common.Ports;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Brokers;

/// <summary>Completes brokers and publications read by queries with their connections' health and effective budget.</summary>
public sealed class BrokerViews(IReadStore store, BrokerCallOptions callOptions)
{
    public async Task<BrokerDto> CompleteAsync(BrokerDto broker, CancellationToken cancellationToken) =>
        (await CompleteAsync([broker], cancellationToken))[0];

    public async Task<IReadOnlyList<BrokerDto>> CompleteAsync(IReadOnlyList<BrokerDto> brokers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        var health = await HealthOfAsync(brokers.Select(b => b.Id).ToList(), cancellationToken);
        var ceiling = callOptions.MaxConcurrentCallsPerConnection;
        return brokers.Select(b => b with
        {
            MaxConcurrentCalls = b.MaxConcurrentCalls is { } limit && limit < ceiling ? limit : ceiling,
            Health = health.GetValueOrDefault(b.Id),
        }).ToList();
    }

    public async Task<Page<BrokerDto>> CompleteAsync(Page<BrokerDto> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page with { Items = await CompleteAsync(page.Items, cancellationToken) };
    }

    public async Task<PublicationDto> CompleteAsync(PublicationDto publication, CancellationToken cancellationToken) =>
        (await CompleteAsync([publication], cancellationToken))[0];

    public async Task<IReadOnlyList<PublicationDto>> CompleteAsync(IReadOnlyList<PublicationDto> publications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publications);
        var health = await HealthOfAsync(publications.Select(p => p.Id).ToList(), cancellationToken);
        return publications.Select(p => p with { Health = health.GetValueOrDefault(p.Id) }).ToList();
    }

    public async Task<Page<PublicationDto>> CompleteAsync(Page<PublicationDto> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page with { Items = await CompleteAsync(page.Items, cancellationToken) };
    }

    private async Task<Dictionary<Guid, ConnectionHealthDto>> HealthOfAsync(List<Guid> connectionIds, CancellationToken cancellationToken) =>
        await store.ConnectionHealth.Where(h => connectionIds.Contains(h.Id))
            .ToDictionaryAsync(h => h.Id, h => new ConnectionHealthDto(h.State, h.Since, h.LastError, h.LastErrorAt, h.NextProbeAt), cancellationToken);
}

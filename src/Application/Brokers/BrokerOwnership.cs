using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Brokers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Brokers;

/// <summary>
/// Loads a broker for its owners: the admins of the customer that registered it. Platform admins may
/// read (and refresh) every broker but change none; everyone else outside the customer gets 404.
/// </summary>
public sealed class BrokerOwnership(TenantAccess access, IServiceBrokerRepository brokers, IReadStore store)
{
    /// <summary>Checks, without loading the aggregate, that the caller owns the broker.</summary>
    public async Task RequireOwnerAsync(Guid brokerId, CancellationToken cancellationToken) =>
        await access.RequireCustomerAdminAsync(
            await CustomerOfAsync(brokerId, cancellationToken), BrokerErrors.BrokerNotFound(brokerId), platformAdminMayAct: false,
            cancellationToken);

    /// <summary>
    /// Checks, without loading the aggregate, that the caller may read the broker (owners, platform admins); answers
    /// the broker's customer.
    /// </summary>
    public async Task<Guid> RequireReaderAsync(Guid brokerId, CancellationToken cancellationToken)
    {
        var customerId = await CustomerOfAsync(brokerId, cancellationToken);
        await RequireReaderAsync(brokerId, customerId, cancellationToken);
        return customerId;
    }

    public async Task<ServiceBroker> LoadForOwnerAsync(Guid brokerId, CancellationToken cancellationToken)
    {
        var notFound = BrokerErrors.BrokerNotFound(brokerId);
        var broker = await brokers.FindAsync(brokerId, cancellationToken) ?? throw notFound;
        await access.RequireCustomerAdminAsync(broker.CustomerId, notFound, platformAdminMayAct: false, cancellationToken);
        return broker;
    }

    public async Task RequireReaderAsync(Guid brokerId, Guid customerId, CancellationToken cancellationToken) =>
        await access.RequireCustomerAdminAsync(
            customerId, BrokerErrors.BrokerNotFound(brokerId), platformAdminMayAct: true, cancellationToken);

    /// <summary>The broker's customer (404 for a broker that does not exist).</summary>
    public async Task<Guid> CustomerOfAsync(Guid brokerId, CancellationToken cancellationToken) =>
        await store.Brokers.Where(b => b.Id == brokerId).Select(b => (Guid?)b.CustomerId).FirstOrDefaultAsync(cancellationToken)
        ?? throw BrokerErrors.BrokerNotFound(brokerId);
}

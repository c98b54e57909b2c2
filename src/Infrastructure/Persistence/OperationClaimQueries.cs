using Marketplace.Application.Common.Ports;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Infrastructure.Persistence;

internal static class OperationClaimQueries
{
    /// <summary>The operation a claim holds, through the (ConnectionId, ClaimedUntil) index: the claim token alone has none.</summary>
    public static IQueryable<BrokerOperation> HeldBy(this IQueryable<BrokerOperation> operations, OperationClaim claim) =>
        operations.Where(o => o.ConnectionId == claim.ConnectionId && o.ClaimedUntil == claim.Until && o.ClaimToken == claim.Token);
}

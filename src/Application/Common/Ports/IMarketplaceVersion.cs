namespace Marketplace.Application.Common.Ports;

/// <summary>
/// A number that changes, in the same transaction, with every write that changes what a project sees in the marketplace
/// or who may read a project (catalogs, publications, brokers, locations, memberships). Cached listings and ETags are
/// valid for one value. Read once per request.
/// </summary>
public interface IMarketplaceVersion
{
    ValueTask<long> CurrentAsync(CancellationToken cancellationToken);
}

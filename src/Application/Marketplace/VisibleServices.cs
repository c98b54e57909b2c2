using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Tenancy;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Marketplace;

/// <summary>
/// M1: what a project may use (whether the caller may look is checked before: the requests are
/// <see cref="Common.Security.IProjectReaderRequest"/>s or <see cref="Common.Security.IProjectMemberRequest"/>s) — the active entries of approved publications at the public locations it
/// enabled and at Global, plus its customer's private brokers when it enabled the private location.
/// </summary>
public sealed class VisibleServices(IReadStore store)
{
    public async Task<IReadOnlyList<VisibleService>> ForProjectAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var connections = await VisibleConnectionsAsync(projectId, cancellationToken);
        var publicationIds = connections.Publications.Keys.Select(id => (Guid?)id).ToList();
        var privateBrokerIds = connections.PrivateBrokerIds;
        var catalogs = await store.Catalogs
            .Include(c => c.Services).ThenInclude(s => s.Plans)
            .Where(c => (c.PublicationId != null && publicationIds.Contains(c.PublicationId)) ||
                        (c.PublicationId == null && privateBrokerIds.Contains(c.BrokerId)))
            .ToListAsync(cancellationToken);
        var brokerNames = await BrokerNamesAsync(catalogs.Select(c => c.BrokerId).Distinct().ToList(), cancellationToken);

        return catalogs
            .SelectMany(c => c.Services
                .Where(s => s.Active && s.Plans.Any(p => p.Active))
                .Select(s => new VisibleService(
                    s, c.PublicationId is { } id ? connections.Publications[id] : connections.PrivateLocation, brokerNames[c.BrokerId], c.BrokerId,
                    c.PublicationId)))
            .ToList();
    }

    /// <summary>
    /// One service of the project's marketplace, with its plans (inactive ones too: callers decide), or null when the
    /// project does not see it — without loading every catalog the project sees.
    /// </summary>
    public async Task<VisibleService?> FindAsync(Guid projectId, Guid serviceId, CancellationToken cancellationToken)
    {
        var connections = await VisibleConnectionsAsync(projectId, cancellationToken);
        var catalog = await store.Catalogs.Where(c => c.Services.Any(s => s.Id == serviceId))
            .Select(c => new { c.BrokerId, c.PublicationId })
            .FirstOrDefaultAsync(cancellationToken);
        var location = catalog switch
        {
            null => null,
            { PublicationId: { } publicationId } => connections.Publications.GetValueOrDefault(publicationId),
            _ => connections.PrivateBrokerIds.Contains(catalog.BrokerId) ? connections.PrivateLocation : null,
        };
        if (location is null)
        {
            return null;
        }

        var service = await store.Services.Include(s => s.Plans).FirstAsync(s => s.Id == serviceId, cancellationToken);
        if (!service.Active)
        {
            return null;
        }

        var brokerName = (await BrokerNamesAsync([catalog!.BrokerId], cancellationToken))[catalog.BrokerId];
        return new VisibleService(service, location, brokerName, catalog.BrokerId, catalog.PublicationId);
    }

    /// <summary>
    /// M1: the connections a project sees — approved publications at the public locations it enabled and at Global (with
    /// their location), and its customer's private brokers when it enabled the private location.
    /// </summary>
    private async Task<VisibleConnections> VisibleConnectionsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.ProjectNotFound(projectId);
        var project = await store.Projects.Where(p => p.Id == projectId)
            .Select(p => new
            {
                p.CustomerId,
                CustomerIdentifier = store.Customers.Where(c => c.Id == p.CustomerId).Select(c => c.Identifier).First(),
                Locations = p.Locations.Select(l => l.LocationIdentifier).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken) ?? throw notFound;

        var privateLocation = Location.PrivateIdentifierOf(project.CustomerIdentifier);
        var publicLocations = project.Locations.Where(l => l != privateLocation).Append(Location.GlobalIdentifier).Distinct().ToList();
        var publications = await store.Publications
            .Where(p => p.Status == PublicationStatus.Approved && publicLocations.Contains(p.LocationIdentifier))
            .ToDictionaryAsync(p => p.Id, p => p.LocationIdentifier, cancellationToken);
        var privateBrokerIds = project.Locations.Contains(privateLocation)
            ? await store.Brokers.Where(b => b.CustomerId == project.CustomerId).Select(b => b.Id).ToListAsync(cancellationToken)
            : [];
        return new VisibleConnections(publications, privateBrokerIds.ToHashSet(), privateLocation);
    }

    private Task<Dictionary<Guid, string>> BrokerNamesAsync(List<Guid> brokerIds, CancellationToken cancellationToken) =>
        store.Brokers.Where(b => brokerIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);

    private sealed record VisibleConnections(Dictionary<Guid, string> Publications, HashSet<Guid> PrivateBrokerIds, string PrivateLocation);

    public static MarketplaceServiceDto ToDto(ServiceOffering service, string location, string brokerName)
    {
        ArgumentNullException.ThrowIfNull(service);
        var metadata = ParseJson(service.MetadataJson);
        return new MarketplaceServiceDto(
            service.Id, service.Name, service.Description, service.Tags, location, brokerName,
            metadata?["displayName"]?.GetValueKind() == JsonValueKind.String ? metadata["displayName"]!.GetValue<string>() : null,
            metadata);
    }

    public static JsonNode? ParseJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A service a project sees, at a location, through one connection (a publication, or the private registration).</summary>
public sealed record VisibleService(ServiceOffering Service, string Location, string BrokerName, Guid BrokerId, Guid? PublicationId)
{
    public Guid ConnectionId => PublicationId ?? BrokerId;
}

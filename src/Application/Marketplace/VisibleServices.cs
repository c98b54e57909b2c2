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
    /// <summary>
    /// Every entry the project sees, sorted by name and then location (the list's order): one query for the connections,
    /// one for their active services that have an active plan (no plans loaded), one for the broker names.
    /// </summary>
    public async Task<IReadOnlyList<MarketplaceServiceDto>> ListForProjectAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var connections = await VisibleConnectionsAsync(projectId, cancellationToken);
        var publicationIds = connections.Publications.Keys.Select(id => (Guid?)id).ToList();
        var privateBrokerIds = connections.PrivateBrokerIds;
        var services = await (
                from c in store.Catalogs
                where (c.PublicationId != null && publicationIds.Contains(c.PublicationId)) ||
                      (c.PublicationId == null && privateBrokerIds.Contains(c.BrokerId))
                join s in store.Services on c.Id equals EF.Property<Guid>(s, "ConnectionCatalogId")
                where s.Active && s.Plans.Any(p => p.Active)
                select new { c.BrokerId, c.PublicationId, s.Id, s.Name, s.Description, s.Tags, s.MetadataJson })
            .ToListAsync(cancellationToken);
        var brokerNames = await BrokerNamesAsync(services.Select(s => s.BrokerId).Distinct().ToList(), cancellationToken);
        // A listing keeps the display name, not the metadata it comes from: the list answer shows no more (memory per entry).
        return services
            .Select(s => ToDto(
                s.Id, s.Name, s.Description, s.Tags, s.MetadataJson,
                s.PublicationId is { } id ? connections.Publications[id] : connections.PrivateLocation, brokerNames[s.BrokerId]) with { Metadata = null })
            .OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Location, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// One service of the project's marketplace, with its plans (inactive ones too: callers decide), or null when the
    /// project does not see it — deciding on that one service's connection alone, not on every connection the project sees
    /// (three reads on every provision).
    /// </summary>
    public async Task<VisibleService?> FindAsync(Guid projectId, Guid serviceId, CancellationToken cancellationToken)
    {
        var project = await ProjectScopeAsync(projectId, cancellationToken);
        var catalog = await store.Catalogs.Where(c => c.Services.Any(s => s.Id == serviceId))
            .Select(c => new
            {
                c.BrokerId,
                c.PublicationId,
                Broker = store.Brokers.Where(b => b.Id == c.BrokerId).Select(b => new { b.Name, b.CustomerId }).First(),
                ApprovedAt = store.Publications.Where(p => p.Id == c.PublicationId && p.Status == PublicationStatus.Approved)
                    .Select(p => p.LocationIdentifier)
                    .FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var location = catalog switch
        {
            null => null,
            { PublicationId: not null } => catalog.ApprovedAt is { } at && project.PublicLocations.Contains(at) ? at : null,
            _ => project.SeesPrivateBrokers && catalog.Broker.CustomerId == project.CustomerId ? project.PrivateLocation : null,
        };
        if (location is null)
        {
            return null;
        }

        var service = await store.Services.Include(s => s.Plans).FirstAsync(s => s.Id == serviceId, cancellationToken);
        return service.Active ? new VisibleService(service, location, catalog!.Broker.Name, catalog.BrokerId, catalog.PublicationId) : null;
    }

    /// <summary>
    /// M1: the connections a project sees — approved publications at the public locations it enabled and at Global (with
    /// their location), and its customer's private brokers when it enabled the private location.
    /// </summary>
    private async Task<VisibleConnections> VisibleConnectionsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var project = await ProjectScopeAsync(projectId, cancellationToken);
        var publicLocations = project.PublicLocations.ToList();
        var publications = await store.Publications
            .Where(p => p.Status == PublicationStatus.Approved && publicLocations.Contains(p.LocationIdentifier))
            .ToDictionaryAsync(p => p.Id, p => p.LocationIdentifier, cancellationToken);
        var privateBrokerIds = project.SeesPrivateBrokers
            ? await store.Brokers.Where(b => b.CustomerId == project.CustomerId).Select(b => b.Id).ToListAsync(cancellationToken)
            : [];
        return new VisibleConnections(publications, privateBrokerIds.ToHashSet(), project.PrivateLocation);
    }

    /// <summary>The locations a project enabled, split as M1 reads them: the public ones (always with Global) and its customer's private one.</summary>
    private async Task<ProjectScope> ProjectScopeAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var project = await store.Projects.Where(p => p.Id == projectId)
            .Select(p => new
            {
                p.CustomerId,
                CustomerIdentifier = store.Customers.Where(c => c.Id == p.CustomerId).Select(c => c.Identifier).First(),
                Locations = p.Locations.Select(l => l.LocationIdentifier).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken) ?? throw TenancyErrors.ProjectNotFound(projectId);

        var privateLocation = Location.PrivateIdentifierOf(project.CustomerIdentifier);
        var publicLocations = project.Locations.Where(l => l != privateLocation).Append(Location.GlobalIdentifier).ToHashSet();
        return new ProjectScope(project.CustomerId, publicLocations, project.Locations.Contains(privateLocation), privateLocation);
    }

    private Task<Dictionary<Guid, string>> BrokerNamesAsync(List<Guid> brokerIds, CancellationToken cancellationToken) =>
        store.Brokers.Where(b => brokerIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);

    private sealed record VisibleConnections(Dictionary<Guid, string> Publications, HashSet<Guid> PrivateBrokerIds, string PrivateLocation);

    private sealed record ProjectScope(Guid CustomerId, HashSet<string> PublicLocations, bool SeesPrivateBrokers, string PrivateLocation);

    public static MarketplaceServiceDto ToDto(ServiceOffering service, string location, string brokerName)
    {
        ArgumentNullException.ThrowIfNull(service);
        return ToDto(service.Id, service.Name, service.Description, service.Tags, service.MetadataJson, location, brokerName);
    }

    private static MarketplaceServiceDto ToDto(
        Guid id, string name, string description, IReadOnlyList<string> tags, string? metadataJson, string location, string brokerName)
    {
        var metadata = ParseJson(metadataJson);
        return new MarketplaceServiceDto(
            id, name, description, tags, location, brokerName,
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

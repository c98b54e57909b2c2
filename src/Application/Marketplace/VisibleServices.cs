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
/// M1: what a project may use — the active entries of approved publications at the public locations it
/// enabled and at Global, plus its customer's private brokers when it enabled the private location.
/// </summary>
public sealed class VisibleServices(IReadStore store, TenantAccess access)
{
    public async Task<IReadOnlyList<(ServiceOffering Service, string Location, string BrokerName, Guid BrokerId, Guid? PublicationId)>> ForProjectAsync(
        Guid projectId, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.ProjectNotFound(projectId);
        var project = await store.Projects.Where(p => p.Id == projectId)
            .Select(p => new { p.CustomerId, Locations = p.Locations.Select(l => l.LocationIdentifier).ToList() })
            .FirstOrDefaultAsync(cancellationToken) ?? throw notFound;
        if (!await access.CanReadProjectAsync(projectId, project.CustomerId, cancellationToken))
        {
            throw notFound;
        }

        var customerIdentifier = await store.Customers.Where(c => c.Id == project.CustomerId).Select(c => c.Identifier).FirstAsync(cancellationToken);
        var privateLocation = Location.PrivateIdentifierOf(customerIdentifier);
        var publicLocations = project.Locations.Where(l => l != privateLocation).Append(Location.GlobalIdentifier).Distinct().ToList();

        var publications = await store.Publications
            .Where(p => p.Status == PublicationStatus.Approved && publicLocations.Contains(p.LocationIdentifier))
            .Select(p => new { p.Id, p.LocationIdentifier })
            .ToListAsync(cancellationToken);
        var publicationIds = publications.Select(p => (Guid?)p.Id).ToList();
        var privateBrokerIds = project.Locations.Contains(privateLocation)
            ? await store.Brokers.Where(b => b.CustomerId == project.CustomerId).Select(b => b.Id).ToListAsync(cancellationToken)
            : [];

        var catalogs = await store.Catalogs
            .Include(c => c.Services).ThenInclude(s => s.Plans)
            .Where(c => (c.PublicationId != null && publicationIds.Contains(c.PublicationId)) ||
                        (c.PublicationId == null && privateBrokerIds.Contains(c.BrokerId)))
            .ToListAsync(cancellationToken);
        var brokerIds = catalogs.Select(c => c.BrokerId).Distinct().ToList();
        var brokerNames = await store.Brokers.Where(b => brokerIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        var locationOf = publications.ToDictionary(p => p.Id, p => p.LocationIdentifier);

        return catalogs
            .SelectMany(c => c.Services
                .Where(s => s.Active && s.Plans.Any(p => p.Active))
                .Select(s => (s, c.PublicationId is { } id ? locationOf[id] : privateLocation, brokerNames[c.BrokerId], c.BrokerId, c.PublicationId)))
            .ToList();
    }

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

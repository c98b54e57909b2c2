using System.Text.Json.Nodes;

namespace Marketplace.Application.Marketplace;

/// <summary>M1: one service of one connection as a project sees it. <c>ServiceId</c> is the marketplace's own id.</summary>
public sealed record MarketplaceServiceDto(
    Guid ServiceId, string Name, string Description, IReadOnlyList<string> Tags, string Location, string BrokerName,
    string? DisplayName, JsonNode? Metadata);

/// <summary>M2: the service with its plans.</summary>
public sealed record MarketplaceServiceDetailDto(MarketplaceServiceDto Service, IReadOnlyList<MarketplacePlanDto> Plans);

public sealed record MarketplacePlanDto(
    Guid PlanId, string Name, string Description, bool Free, bool Bindable, bool Updateable, JsonNode? Schemas, JsonNode? Costs,
    JsonNode? Metadata, int? MaximumPollingDurationSeconds);

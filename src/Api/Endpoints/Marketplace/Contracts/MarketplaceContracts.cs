using System.Text.Json.Nodes;
using Marketplace.Application.Marketplace;

namespace Marketplace.Api.Endpoints.Marketplace.Contracts;

internal sealed record MarketplaceServiceResponse(
    Guid ServiceId, string Name, string? DisplayName, string Description, IReadOnlyList<string> Tags, string Location, string BrokerName)
{
    public static MarketplaceServiceResponse From(MarketplaceServiceDto s) =>
        new(s.ServiceId, s.Name, s.DisplayName, s.Description, s.Tags, s.Location, s.BrokerName);
}

internal sealed record MarketplaceServiceDetailResponse(
    Guid ServiceId, string Name, string? DisplayName, string Description, IReadOnlyList<string> Tags, string Location, string BrokerName,
    JsonNode? Metadata, IReadOnlyList<MarketplacePlanResponse> Plans)
{
    public static MarketplaceServiceDetailResponse From(MarketplaceServiceDetailDto d) => new(
        d.Service.ServiceId, d.Service.Name, d.Service.DisplayName, d.Service.Description, d.Service.Tags, d.Service.Location,
        d.Service.BrokerName, d.Service.Metadata,
        d.Plans.Select(p => new MarketplacePlanResponse(
            p.PlanId, p.Name, p.Description, p.Free, p.Bindable, p.Updateable, p.Schemas, p.Costs, p.Metadata, p.MaximumPollingDurationSeconds))
            .ToList());
}

internal sealed record MarketplacePlanResponse(
    Guid PlanId, string Name, string Description, bool Free, bool Bindable, bool Updateable, JsonNode? Schemas, JsonNode? Costs,
    JsonNode? Metadata, int? MaximumPollingDurationSeconds);

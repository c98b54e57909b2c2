using Marketplace.Application.Common.Security;
using Marketplace.Application.Common.Errors;
using Marketplace.Domain.Catalog;
using Mediator;

namespace Marketplace.Application.Marketplace.GetMarketplaceService;

/// <summary>M2: a visible service with its active plans (free, bindable, updateable, schemas, costs).</summary>
public sealed record GetMarketplaceServiceQuery(Guid ProjectId, Guid ServiceId) : IQuery<MarketplaceServiceDetailDto>, IProjectReaderRequest;

public sealed class GetMarketplaceServiceHandler(VisibleServices visible)
    : IQueryHandler<GetMarketplaceServiceQuery, MarketplaceServiceDetailDto>
{
    public async ValueTask<MarketplaceServiceDetailDto> Handle(GetMarketplaceServiceQuery query, CancellationToken cancellationToken)
    {
        var entry = await visible.FindAsync(query.ProjectId, query.ServiceId, cancellationToken);
        if (entry is null || !entry.Service.Plans.Any(p => p.Active))
        {
            throw new NotFoundException("service.not_found", $"There is no service '{query.ServiceId}' in this project's marketplace.");
        }

        var service = entry.Service;
        var plans = service.Plans.Where(p => p.Active).OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p =>
            {
                var metadata = VisibleServices.ParseJson(p.MetadataJson);
                return new MarketplacePlanDto(
                    p.Id, p.Name, p.Description, p.Free, PlanFlags.EffectiveBindable(p, service), PlanFlags.EffectivePlanUpdateable(p, service),
                    VisibleServices.ParseJson(p.SchemasJson), metadata?["costs"]?.DeepClone(), metadata, p.MaximumPollingDurationSeconds);
            })
            .ToList();
        return new MarketplaceServiceDetailDto(VisibleServices.ToDto(service, entry.Location, entry.BrokerName), plans);
    }
}

using Refit;

namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>The OSB v2 routes, as Refit sees them. Only this folder knows Refit and the OSB wire format.</summary>
internal interface IOsbApi
{
    [Get("/v2/catalog")]
    Task<IApiResponse<string>> GetCatalogAsync(CancellationToken cancellationToken);
}

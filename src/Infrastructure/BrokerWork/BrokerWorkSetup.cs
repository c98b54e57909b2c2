using Marketplace.Application.Common.Ports;
using Marketplace.Infrastructure.ServiceBrokers.Osb;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure.BrokerWork;

internal static class BrokerWorkSetup
{
    /// <summary>The dispatcher's parts, the claims, and the broker client every caller gets (it records connection health).</summary>
    public static IServiceCollection AddBrokerWork(this IServiceCollection services)
    {
        services.AddSingleton<BrokerWorkSignal>();
        services.AddSingleton<KnownHealthyConnections>();
        services.AddSingleton<ConnectionHealthRecorder>();
        services.AddScoped<IConnectionCircuits, ConnectionCircuits>();
        services.AddScoped<OperationClaims>();
        services.AddScoped<IOperationClaims>(sp => sp.GetRequiredService<OperationClaims>());
        services.AddScoped<CatalogRefreshClaims>();
        services.AddScoped<ConnectionWorkQuery>();
        services.AddScoped<OsbServiceBrokerClient>();
        services.AddScoped<IServiceBrokerClient, HealthRecordingBrokerClient>();
        return services;
    }
}

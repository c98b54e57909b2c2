using FluentValidation;
using Marketplace.Application.Brokers;
using Marketplace.Application.Catalog;
using Marketplace.Application.Marketplace;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Application;

public static class DependencyInjection
{
    /// <summary>Validators and the application services handlers share; the mediator is added by the host.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);
        services.AddScoped<TenantAccess>();
        services.AddScoped<ProjectAdministration>();
        services.AddScoped<BrokerOwnership>();
        services.AddScoped<BrokerConnections>();
        services.AddScoped<CatalogCheck>();
        services.AddScoped<PlansInUse>();
        services.AddScoped<VisibleServices>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}

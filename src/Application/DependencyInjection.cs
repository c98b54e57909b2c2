using FluentValidation;
using Marketplace.Application.Brokers;
using Marketplace.Application.Catalog;
using Marketplace.Application.Marketplace;
using Marketplace.Application.Common.Security;
using Marketplace.Application.ServiceInstances;
using Marketplace.Application.BrokerOperations;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Application.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Application;

public static class DependencyInjection
{
    /// <summary>Validators and the application services handlers share; the mediator is added by the host.</summary>
    public static IServiceCollection AddApplication(
        this IServiceCollection services, BrokerOperationOptions? operations = null, BrokerCallOptions? brokerCalls = null, ParameterLimits? parameterLimits = null, CatalogLimits? catalogLimits = null)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);
        services.AddScoped<TenantAccess>();
        services.AddScoped<ProjectAdministration>();
        services.AddScoped<BrokerOwnership>();
        services.AddScoped<BrokerConnections>();
        services.AddScoped<CatalogCheck>();
        services.AddScoped<PlansInUse>();
        services.AddScoped<VisibleServices>();
        services.AddSingleton<MarketplaceReadCache>();
        services.AddScoped<ProjectMembership>();
        services.AddScoped<ProjectInstances>();
        services.AddScoped<BindingView>();
        services.AddScoped<OperationWorkbench.OperatorActions>();
        services.AddScoped<OperationStepRunner>();
        services.AddScoped<ConnectionAvailability>();
        services.AddScoped<ConnectionProbe>();
        services.AddScoped<BrokerViews>();
        services.AddSingleton(brokerCalls ?? new BrokerCallOptions());
        services.AddSingleton(parameterLimits ?? new ParameterLimits());
        services.AddSingleton(catalogLimits ?? CatalogLimits.Default);
        services.AddSingleton<ParameterSchemas>();
        operations ??= new BrokerOperationOptions();
        services.AddSingleton(operations);
        services.AddSingleton(operations.Schedule);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}

using Marketplace.Application.Common.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

internal static class OsbClientRegistration
{
    public static IServiceCollection AddOsbClient(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new BrokerNetworkOptions { AllowPrivateNetworkEndpoints = environment.IsDevelopment() };
        configuration.GetSection(BrokerNetworkOptions.Section).Bind(options);
        options.Validate();
        var handlers = new BrokerHttpHandlers(options);
        services.AddSingleton(options);
        services.AddTransient<BufferedResponseHandler>();
        services.AddHttpClient(BrokerHttpHandlers.ValidatingClient)
            .ConfigurePrimaryHttpMessageHandler(() => handlers.Create(skipTlsValidation: false))
            .AddHttpMessageHandler<BufferedResponseHandler>();
        services.AddHttpClient(BrokerHttpHandlers.DevelopmentModeClient)
            .ConfigurePrimaryHttpMessageHandler(() => handlers.Create(skipTlsValidation: true))
            .AddHttpMessageHandler<BufferedResponseHandler>();
        return services;
    }
}

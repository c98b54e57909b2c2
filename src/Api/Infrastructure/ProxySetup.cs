using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// Behind a reverse proxy: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are honoured only from the proxies in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR), never from
/// anyone else — otherwise any client could pick its own address (and rate-limit window) or pretend to be on https.
/// With them, the client address, the https scheme (for the dashboard cookie's <c>Secure</c> flag and HSTS) are the
/// ones the proxy saw.
/// </summary>
internal static class ProxySetup
{
    public const string KnownProxiesKey = "ForwardedHeaders:KnownProxies";
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";

    public static IServiceCollection AddMarketplaceProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Parse(configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [], KnownProxiesKey, IPAddress.Parse);
        var networks = Parse(configuration.GetSection(KnownNetworksKey).Get<string[]>() ?? [], KnownNetworksKey, System.Net.IPNetwork.Parse);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what is configured is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>Honours forwarded headers when proxies are configured; first in the pipeline, so everything after sees the client.</summary>
    public static void UseMarketplaceProxySupport(this WebApplication app)
    {
        var trusted = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        if (trusted.KnownProxies.Count > 0 || trusted.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    private static T[] Parse<T>(string[] values, string key, Func<string, T> parse) =>
        values.Select((value, index) =>
        {
            try
            {
                return parse(value.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{key}:{index} must be an IP address{(key == KnownNetworksKey ? " range in CIDR notation (e.g. 10.0.0.0/8)" : string.Empty)}; '{value}' is not.");
            }
        }).ToArray();
}

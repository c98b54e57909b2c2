using System.Globalization;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// The plain settings of the host (rate limit, body size, job server, refresh interval), checked once at start so that
/// a wrong value stops the node with a message naming its key, instead of failing every request later. The settings
/// with options classes (<c>Operations</c>, <c>Brokers</c>, <c>Parameters:Limits</c>) validate themselves.
/// </summary>
internal static class HostSettings
{
    public static void Validate(IConfiguration configuration)
    {
        Require(configuration, "RateLimiting:PermitLimit", 600, v => v >= 1, "a whole number, 1 or more");
        Require(configuration, "RateLimiting:WindowSeconds", 60, v => v >= 1, "a whole number of seconds, 1 or more");
        Require(configuration, "Api:MaxRequestBodyBytes", 1024L * 1024, v => v >= 1, "a whole number of bytes, 1 or more");
        Require(configuration, "Jobs:PollIntervalSeconds", 1.0, v => v > 0, "a number of seconds, more than 0");
        Require(configuration, "Jobs:WorkerCount", 2, v => v >= 1, "a whole number, 1 or more");
        Require(configuration, "Catalog:RefreshInterval", TimeSpan.FromHours(1), v => v >= TimeSpan.FromMinutes(1), "a TimeSpan of at least 00:01:00");
    }

    private static void Require<T>(IConfiguration configuration, string key, T fallback, Func<T, bool> valid, string expected)
    {
        T value;
        try
        {
            value = configuration.GetValue(key, fallback)!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid(key, configuration[key], expected);
        }

        if (!valid(value))
        {
            throw Invalid(key, Convert.ToString(value, CultureInfo.InvariantCulture), expected);
        }
    }

    private static InvalidOperationException Invalid(string key, string? value, string expected) =>
        new($"{key} must be {expected}; '{value}' is not.");
}

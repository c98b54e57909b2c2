namespace Marketplace.Application.BrokerOperations;

/// <summary>The one way an options class refuses a setting at start: naming the key, as it is written in configuration.</summary>
internal static class OptionsGuard
{
    public static void Require(bool valid, string section, string key, string expected)
    {
        if (!valid)
        {
            throw new InvalidOperationException($"{section}:{key} must be {expected}.");
        }
    }
}

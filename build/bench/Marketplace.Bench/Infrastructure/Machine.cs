namespace Marketplace.Bench.Infrastructure;

/// <summary>How busy the machine is: every figure is measured on shared cores, so the report says what else was running.</summary>
internal static class Machine
{
    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{fields[0]}/{fields[1]}/{fields[2]}";
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}

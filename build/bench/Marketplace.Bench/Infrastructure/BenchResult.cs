using System.Globalization;

namespace Marketplace.Bench.Infrastructure;

/// <summary>One benchmark's verdict: the line <c>PASS|FAIL &lt;id&gt; &lt;figure&gt; (bound &lt;bound&gt;)</c> and indented details after it.</summary>
internal sealed class BenchResult(string id)
{
    private readonly List<string> _details = [];

    public string Id => id;

    public bool Passed { get; private set; }

    public string Figure { get; private set; } = "n/a";

    public string Bound { get; private set; } = "n/a";

    public static BenchResult Broken(string id, Exception error)
    {
        var result = new BenchResult(id);
        result.Verdict(false, "error", "n/a");
        foreach (var line in error.ToString().Split('\n').Take(40))
        {
            result.Detail(line.TrimEnd());
        }

        return result;
    }

    public BenchResult Verdict(bool passed, string figure, string bound)
    {
        Passed = passed;
        Figure = figure;
        Bound = bound;
        return this;
    }

    public void Detail(string line) => _details.Add(line);

    public void Details(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            _details.Add(line);
        }
    }

    public void Print(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"{(Passed ? "PASS" : "FAIL")} {Id} {Figure} (bound {Bound})");
        foreach (var detail in _details)
        {
            writer.WriteLine("    " + detail);
        }
    }
}

/// <summary>Numbers as the report prints them (invariant culture).</summary>
internal static class Format
{
    public static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    public static string Seconds(TimeSpan span) => Seconds(span.TotalSeconds);

    public static string Number(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => perSecond.ToString("0.0", CultureInfo.InvariantCulture) + "/s";
}

/// <summary>Percentiles over raw samples (nearest rank).</summary>
internal static class Statistics
{
    public static double Percentile(IReadOnlyCollection<double> samples, double percent)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>"p50 … p95 … max …" of samples in seconds.</summary>
    public static string Describe(IReadOnlyCollection<double> seconds) => seconds.Count == 0
        ? "no samples"
        : $"n={seconds.Count} p50={Format.Seconds(Percentile(seconds, 50))} p95={Format.Seconds(Percentile(seconds, 95))} max={Format.Seconds(seconds.Max())}";
}

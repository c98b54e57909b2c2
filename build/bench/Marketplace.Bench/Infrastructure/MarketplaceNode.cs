using System.Text.RegularExpressions;
using Marketplace.TestSupport;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// The marketplace as its own operating-system process, started from its build output by <see cref="AppProcess"/>
/// (environment <c>Testing</c>), on a SQLite file in a data folder of the run, with real JWTs from <see cref="TestTokens"/>.
/// Every setting is passed explicitly and can be printed with <see cref="DescribeSettings"/>.
/// </summary>
internal sealed partial class MarketplaceNode : IAsyncDisposable
{
    public const string AdminUser = "bench-admin";

    private readonly BenchRun _run;
    private readonly List<string> _earlierOutput = [];
    private AppProcess? _process;

    private MarketplaceNode(BenchRun run, string name, string dataDirectory, TestTokens tokens, IReadOnlyDictionary<string, string?> settings)
    {
        _run = run;
        Name = name;
        DataDirectory = dataDirectory;
        Tokens = tokens;
        Settings = settings;
        Admin = new ApiClient(this, tokens.For(AdminUser, "platform-admin"));
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public string DatabaseFile => Path.Combine(DataDirectory, "marketplace.db");

    public TestTokens Tokens { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>A platform admin.</summary>
    public ApiClient Admin { get; }

    public Uri BaseAddress => (_process ?? throw new InvalidOperationException($"{Name} is not running")).BaseAddress;

    /// <summary>The settings every benchmark's marketplace runs with, plus <paramref name="extra"/> (which win).</summary>
    public static async Task<MarketplaceNode> StartAsync(BenchRun run, string name, IReadOnlyDictionary<string, string?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var directory = run.DataDirectory(name);
        var tokens = new TestTokens();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Marketplace"] = $"Data Source={Path.Combine(directory, "marketplace.db")}",
            ["DataProtection:CertificatePath"] = TestCertificates.WriteKeyRingCertificate(directory, KeyRingPassword),
            ["DataProtection:CertificatePassword"] = KeyRingPassword,
            ["Brokers:AllowPrivateNetworkEndpoints"] = "true",
            ["RateLimiting:PermitLimit"] = "10000000",
            ["RateLimiting:WindowSeconds"] = "60",
        };
        foreach (var (key, value) in tokens.Configuration.Concat(extra ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        var node = new MarketplaceNode(run, name, directory, tokens, settings);
        await node.StartProcessAsync();
        return node;
    }

    public ApiClient Client(string userId, params string[] roles) => new(this, Tokens.For(userId, roles));

    /// <summary>Kills the process (SIGKILL, as a crash would) and starts it again at once on the same database; answers how long the new start took.</summary>
    public async Task<TimeSpan> KillAndRestartAsync()
    {
        Kill();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await StartProcessAsync();
        return watch.Elapsed;
    }

    /// <summary>Ends the process (SIGKILL) and keeps its output; the data folder stays.</summary>
    public void Kill()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        _earlierOutput.Add(_process.Output);
        ChildProcesses.Forget(this);
        _process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _process = null;
    }

    /// <summary>All the app wrote so far, across restarts.</summary>
    public string Output => string.Join("\n--- restart ---\n", _earlierOutput.Append(_process?.Output ?? string.Empty).Where(o => o.Length > 0));

    /// <summary>"key=value" for every setting, secrets masked; the environment is Testing (<see cref="AppProcess"/>).</summary>
    public IEnumerable<string> DescribeSettings()
    {
        yield return "ASPNETCORE_ENVIRONMENT=Testing";
        foreach (var (key, value) in Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var secret = key.Contains("Password", StringComparison.OrdinalIgnoreCase) || key.EndsWith(":Value", StringComparison.Ordinal);
            yield return $"{key}={(secret ? "(random test secret)" : value)}";
        }
    }

    /// <summary>Warnings, errors and critical lines in the app's console output, with the first few distinct messages.</summary>
    public IEnumerable<string> DescribeLog()
    {
        var lines = Output.Split('\n');
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["warn"] = 0, ["fail"] = 0, ["crit"] = 0 };
        var samples = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = LogLevelPrefix().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            counts[match.Groups[1].Value]++;
            var message = i + 1 < lines.Length ? lines[i + 1].Trim() : string.Empty;
            var sample = $"{match.Groups[1].Value}: {match.Groups[2].Value}: {Shorten(message, 220)}";
            if (samples.Count < 8 && !samples.Contains(sample))
            {
                samples.Add(sample);
            }
        }

        yield return $"app log ({_run.LogFile(Name)}): warn={counts["warn"]} fail={counts["fail"]} crit={counts["crit"]}";
        foreach (var sample in samples)
        {
            yield return "  " + sample;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await File.WriteAllTextAsync(_run.LogFile(Name), Output);
    }

    private async Task StartProcessAsync()
    {
        _process = await AppProcess.StartAsync(Settings, TimeSpan.FromSeconds(120));
        var process = _process;
        ChildProcesses.Track(this, process.Kill);
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private const string KeyRingPassword = "bench-key-ring";

    [GeneratedRegex(@"^(warn|fail|crit): (\S+)")]
    private static partial Regex LogLevelPrefix();
}

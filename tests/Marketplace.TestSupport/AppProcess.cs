using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Marketplace.TestSupport;

/// <summary>
/// The marketplace as a real operating-system process (its build output, started with <c>dotnet</c>), with the
/// configuration of an in-process app: another node on the same database, or a process a test can kill.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan? startTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo("dotnet", [ApiDll(), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ApiDll())!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (app._output)
            {
                app._output.Add(e.Data);
            }

            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        app._process.OutputDataReceived += OnLine;
        app._process.ErrorDataReceived += OnLine;
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        app._process.EnableRaisingEvents = true;
        app._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The app exited during start-up:\n{app.Output}"));

        using var timeout = new CancellationTokenSource(startTimeout ?? TimeSpan.FromSeconds(60));
        await using (timeout.Token.Register(() => listening.TrySetException(new TimeoutException($"The app did not start:\n{app.Output}"))))
        {
            app.BaseAddress = await listening.Task;
        }

        return app;
    }

    /// <summary>Ends the process at once, as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The Api's build output of the same configuration as the running tests.</summary>
    private static string ApiDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testOutput.Parent!.Name; // …/bin/<Configuration>/net10.0/
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Marketplace.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Marketplace.sln not found"),
            "src", "Api", "bin", configuration, "net10.0", "Marketplace.Api.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build src/Api ({configuration}) first.", dll);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}

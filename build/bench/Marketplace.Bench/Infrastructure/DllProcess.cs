using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// An app of this repository started from its build output as <c>dotnet &lt;dll&gt; --urls http://127.0.0.1:&lt;free port&gt;</c>
/// (working directory the dll's folder, settings as environment variables), ready once <c>readyPath</c> answers 200.
/// Disposing kills it. The yardsticks of P1 and P5 run this way, as the marketplace does.
/// </summary>
internal sealed class DllProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly object _owner = new();

    private DllProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        ChildProcesses.Track(_owner, () => _process.Kill(entireProcessTree: true));
    }

    public Uri BaseAddress { get; }

    /// <summary>From process start to the first 200 of the ready path.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public static async Task<DllProcess> StartAsync(
        string dll, IReadOnlyDictionary<string, string?> environment, string readyPath, TimeSpan probeInterval)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }

        var output = new List<string>();
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(10) };
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var ready = new Uri(baseAddress, readyPath);
        var watch = Stopwatch.StartNew();
        var started = new DllProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), baseAddress);
        started._process.OutputDataReceived += (_, e) => Collect(output, e.Data);
        started._process.ErrorDataReceived += (_, e) => Collect(output, e.Data);
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(ready);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        started.ReadyAfter = watch.Elapsed;
                        return started;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                if (started._process.HasExited || watch.Elapsed > StartTimeout)
                {
                    lock (output)
                    {
                        throw new InvalidOperationException(
                            $"{Path.GetFileName(dll)} did not answer 200 on {readyPath} (exited: {started._process.HasExited}):\n{string.Join('\n', output.TakeLast(30))}");
                    }
                }

                await Task.Delay(probeInterval);
            }
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        ChildProcesses.Forget(_owner);
    }

    private static void Collect(List<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

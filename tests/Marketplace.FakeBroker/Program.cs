using System.Security.Cryptography.X509Certificates;

namespace Marketplace.FakeBroker;

/// <summary>
/// The broker on its own, serving the sample catalog:
/// <c>dotnet run --project tests/Marketplace.FakeBroker -- --urls http://127.0.0.1:5081 --FakeBroker:Username=broker --FakeBroker:Password=broker-secret</c>.
/// Only 127.0.0.1 (or <c>localhost</c>, which means the same here) is accepted. For https add
/// <c>--FakeBroker:CertificatePath=broker.pfx [--FakeBroker:CertificatePassword=…]</c>. Settings may also come from
/// environment variables (<c>FakeBroker__Password</c>). Stops on Ctrl+C.
/// </summary>
internal static class Program
{
    private const string DefaultUrl = "http://127.0.0.1:5081";

    public static async Task<int> Main(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var section = configuration.GetSection(FakeBrokerOptions.SectionName);
        var url = configuration["urls"] ?? DefaultUrl;
        if (!TryParseLoopbackUrl(url, out var uri, out var problem))
        {
            await Console.Error.WriteLineAsync($"fake broker: {problem}");
            return 2;
        }
        var certificate = section["CertificatePath"] is { Length: > 0 } path
            ? X509CertificateLoader.LoadPkcs12FromFile(path, section["CertificatePassword"])
            : null;
        if ((uri.Scheme == Uri.UriSchemeHttps) != (certificate is not null))
        {
            await Console.Error.WriteLineAsync("fake broker: https needs --FakeBroker:CertificatePath (a PFX), and a certificate needs an https URL");
            return 2;
        }

        var options = new FakeBrokerOptions
        {
            Username = section["Username"] ?? "broker",
            Password = section["Password"] ?? "broker-secret",
            Certificate = certificate,
            Port = uri.Port,
            LogRequests = true,
        };
        await using var broker = await FakeOsbBroker.StartAsync(options, handleConsoleSignals: true, CancellationToken.None);
        Console.WriteLine($"Fake OSB broker listening on {broker.BaseAddress} (Basic auth user '{options.Username}'). Ctrl+C stops it.");
        await broker.WaitForShutdownAsync();
        certificate?.Dispose();
        return 0;
    }

    private static bool TryParseLoopbackUrl(string url, out Uri uri, out string problem)
    {
        uri = null!;
        problem = "";
        if (url.Contains(';', StringComparison.Ordinal))
        {
            problem = $"give one URL, not '{url}'";
            return false;
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"'{url}' is not an http(s) URL";
            return false;
        }
        if (parsed.Host is not ("127.0.0.1" or "localhost"))
        {
            problem = $"binds 127.0.0.1 only; '{url}' names another host";
            return false;
        }
        uri = parsed;
        return true;
    }
}

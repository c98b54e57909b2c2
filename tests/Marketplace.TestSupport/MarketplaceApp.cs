using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Marketplace.FakeBroker;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Marketplace.TestSupport;

/// <summary>
/// The real marketplace on Kestrel (a real port on 127.0.0.1) over a real database, with real JWTs.
/// Subclasses choose the database; one instance serves a whole test assembly, and tests isolate
/// themselves by creating their own customers with unique identifiers.
/// </summary>
public abstract class MarketplaceApp : IAsyncLifetime, IAsyncDisposable
{
    private Factory? _factory;

    protected MarketplaceApp() =>
        DataDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "marketplace-tests", Guid.NewGuid().ToString("N"))).FullName;

    public const string BrokerUsername = "broker-user";
    public const string BrokerPassword = "s3cret:broker";

    public TestTokens Tokens { get; } = new();

    /// <summary>A CA the app trusts for broker connections (Brokers:AdditionalTrustedCertificates).</summary>
    public X509Certificate2 TrustedAuthority { get; } = TestCertificates.CreateAuthority("marketplace-tests-ca");

    /// <summary>A fake broker over plain http on loopback, for private registrations.</summary>
    public FakeOsbBroker Broker { get; private set; } = null!;

    /// <summary>A fake broker over https with a certificate from <see cref="TrustedAuthority"/>, for publications.</summary>
    public FakeOsbBroker TlsBroker { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    /// <summary>Database faults a test can arm (an EF Core interceptor in every context of the app); inactive until armed.</summary>
    public DatabaseFaults DatabaseFaults { get; } = new();

    public string DataDirectory { get; }

    /// <summary>Why the app cannot run here (e.g. no Docker engine for SQL Server); tests skip with it.</summary>
    public string? SkipReason { get; private set; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The configuration the app runs with, so that a second node (e.g. an <see cref="AppProcess"/>) can share it.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException(SkipReason ?? "The app is not started.")).Services;

    /// <summary>Log level for the whole app (Trace in tests that prove what never reaches a log).</summary>
    protected virtual LogLevel MinimumLogLevel => LogLevel.Warning;

    public async ValueTask InitializeAsync()
    {
        var database = await StartDatabaseAsync();
        if (database.SkipReason is not null)
        {
            SkipReason = database.SkipReason;
            return;
        }

        Broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = BrokerUsername, Password = BrokerPassword });
        TlsBroker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions
        {
            Username = BrokerUsername,
            Password = BrokerPassword,
            Certificate = TestCertificates.IssueServerCertificate(TrustedAuthority),
        });

        var settings = new Dictionary<string, string?>
        {
            ["Brokers:AllowPrivateNetworkEndpoints"] = "true",
            ["Brokers:AdditionalTrustedCertificates"] = TestCertificates.ToPem(TrustedAuthority),
            ["Database:Provider"] = database.Provider,
            ["ConnectionStrings:Marketplace"] = database.ConnectionString,
            ["DataProtection:CertificatePath"] = TestCertificates.WriteKeyRingCertificate(DataDirectory, "key-ring-secret"),
            ["DataProtection:CertificatePassword"] = "key-ring-secret",
            ["RateLimiting:PermitLimit"] = "100000",
            ["Cors:AllowedOrigins:0"] = "https://portal.example.test",

            // Operations run in seconds: tight polls and retries, a short platform deadline, quick claim expiry.
            ["Operations:InitialPollInterval"] = "00:00:00.200",
            ["Operations:MaximumPollInterval"] = "00:00:02",
            ["Operations:RetryInitialDelay"] = "00:00:00.200",
            ["Operations:MaximumPollingDuration"] = "00:01:00",
            ["Operations:DispatchInterval"] = "00:00:00.100",
            ["Operations:ClaimMargin"] = "00:00:03",

            // A degraded connection is probed every second, so tests see it recover at once.
            ["Brokers:CircuitBreaker:ProbeIntervalSeconds"] = "1",
        };
        foreach (var (key, value) in Tokens.Configuration.Concat(ExtraSettings))
        {
            settings[key] = value;
        }

        Settings = settings;
        _factory = new Factory(settings, Logs, MinimumLogLevel, DatabaseFaults);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await StopDatabaseAsync();
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        if (TlsBroker is not null)
        {
            await TlsBroker.DisposeAsync();
        }
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on the way out is left to the temp folder.
        }
    }

    /// <summary>Every route the app serves, from its endpoint data source (for the authorization table).</summary>
    public IReadOnlyList<RouteEndpoint> Endpoints =>
        Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    /// <summary>
    /// A client of the real HTTP server. A request that says <c>Expect: 100-continue</c> waits up to 30 s for the server's
    /// verdict before sending its body, so that an oversized body is refused (413) before it is sent, not mid-way.
    /// </summary>
    public HttpClient Anonymous() =>
        new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = BaseAddress };

    public HttpClient As(string userId, params string[] roles) => WithToken(Tokens.For(userId, roles));

    public HttpClient AsPlatformAdmin(string userId = "platform-admin-user") => As(userId, "platform-admin");

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Settings a test app adds or overrides (a null value removes a default).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    protected abstract Task<DatabaseSettings> StartDatabaseAsync();

    protected virtual Task StopDatabaseAsync() => Task.CompletedTask;

    private sealed class Factory(Dictionary<string, string?> settings, CapturedLogs logs, LogLevel level, DatabaseFaults databaseFaults)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
                logging.SetMinimumLevel(level);
                logging.AddFilter((_, _) => true);
            });

            // The app's contexts add every registered IInterceptor; this one does nothing until a test arms a fault.
            builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(databaseFaults));
        }
    }
}

public sealed record DatabaseSettings(string Provider, string ConnectionString, string? SkipReason = null)
{
    public static DatabaseSettings Unavailable(string reason) => new(string.Empty, string.Empty, reason);
}

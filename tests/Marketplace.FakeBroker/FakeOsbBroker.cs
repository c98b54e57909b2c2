using System.Net;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker.Routes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Marketplace.FakeBroker;

/// <summary>
/// A fake Open Service Broker API v2 broker on Kestrel (127.0.0.1, a free port unless told otherwise) for tests over
/// real HTTP. It records every request, checks Basic auth (401) and <c>X-Broker-API-Version</c> (412), echoes
/// <c>X-Broker-API-Request-Identity</c>, serves <see cref="SampleCatalog"/> and keeps instances and bindings in memory.
/// Behaviour is switched at run time through the members below; all of them are thread-safe.
/// </summary>
/// <remarks>
/// Per request, in order: record → 401 → 412 → the next <see cref="Script">scripted</see> answer of its operation
/// (after that answer's delay) → otherwise <see cref="NeverAnswer"/> or <see cref="SetDelay">a delay</see> (plus a
/// <see cref="Flaky">flaky</see> call's lateness) → a flaky call's error → the default behaviour (for the catalog: redirect, status override, malformed body, catalog — in that order).
/// </remarks>
public sealed class FakeOsbBroker : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly BrokerState _state;
    private int _disposed;

    private FakeOsbBroker(WebApplication app, BrokerState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
    }

    /// <summary>Starts a broker and answers once it listens.</summary>
    public static Task<FakeOsbBroker> StartAsync(FakeBrokerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new FakeBrokerOptions(), handleConsoleSignals: false, cancellationToken);

    /// <summary>
    /// <paramref name="handleConsoleSignals"/>: stop on Ctrl+C / SIGTERM (the standalone program). In-process brokers leave
    /// the signals to the test host, so a killed test run still dies at once.
    /// </summary>
    internal static async Task<FakeOsbBroker> StartAsync(FakeBrokerOptions options, bool handleConsoleSignals, CancellationToken cancellationToken)
    {
        var state = new BrokerState(options);
        var app = Build(state, handleConsoleSignals);
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new FakeOsbBroker(app, state, new Uri(address));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c> (https when a certificate was given).</summary>
    public Uri BaseAddress { get; }

    public FakeBrokerOptions Options => _state.Options;

    // ---- Recording ----

    /// <summary>A snapshot of the requests received since start or the last <see cref="Reset"/>, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _state.Recorder.Snapshot();

    /// <summary>The recorded requests of one operation.</summary>
    public IReadOnlyList<RecordedRequest> RequestsFor(OsbOperation operation) =>
        Requests.Where(request => request.Operation == operation).ToList();

    /// <summary>The highest number of <c>/v2/catalog</c> requests in flight at once since start or the last <see cref="Reset"/>.</summary>
    public int MaxConcurrentCatalogRequests => _state.Recorder.MaxConcurrentCatalogRequests;

    /// <summary>Forgets the recorded requests and the catalog concurrency mark; behaviour and stored instances stay.</summary>
    public void Reset() => _state.Recorder.Reset();

    /// <summary>
    /// The first recorded request (already there or still to come) matching <paramref name="predicate"/>; the predicate is
    /// re-evaluated when requests arrive and when they complete. Throws <see cref="TimeoutException"/> listing what was
    /// recorded after <paramref name="timeout"/> (default 5 s).
    /// </summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _state.Recorder.WaitForAsync(predicate, timeout ?? DefaultWait, cancellationToken);

    // ---- Catalog behaviour ----

    /// <summary>The catalog served, as a fresh copy (edit it, then assign it back). Throws when <see cref="CatalogJson"/> is not JSON.</summary>
    public JsonNode Catalog
    {
        get => JsonNode.Parse(_state.Behaviour.CatalogJson)!;
        set => _state.Behaviour.CatalogJson = (value ?? throw new ArgumentNullException(nameof(value))).ToJsonString();
    }

    /// <summary>The catalog served, as raw text (any text: it is sent as is with <c>application/json</c>).</summary>
    public string CatalogJson
    {
        get => _state.Behaviour.CatalogJson;
        set => _state.Behaviour.CatalogJson = value;
    }

    /// <summary>When set, the catalog answers this status with an OSB error body instead of the catalog.</summary>
    public int? CatalogStatus
    {
        get => _state.Behaviour.CatalogStatus;
        set => _state.Behaviour.CatalogStatus = value;
    }

    /// <summary>Wait before answering the catalog; cut short when the client disconnects. Same as <c>SetDelay(OsbOperation.Catalog, …)</c>.</summary>
    public TimeSpan CatalogDelay
    {
        get => _state.Behaviour.DelayFor(OsbOperation.Catalog);
        set => _state.Behaviour.SetDelay(OsbOperation.Catalog, value);
    }

    /// <summary>Serve a 200 <c>application/json</c> body that is not JSON.</summary>
    public bool MalformedCatalog
    {
        get => _state.Behaviour.MalformedCatalog;
        set => _state.Behaviour.MalformedCatalog = value;
    }

    /// <summary>When set, the catalog answers <c>302 Found</c> with this <c>Location</c>.</summary>
    public Uri? CatalogRedirectTo
    {
        get => _state.Behaviour.CatalogRedirectTo;
        set => _state.Behaviour.CatalogRedirectTo = value;
    }

    // ---- Protocol checks ----

    /// <summary>Answer 412 (OSB error body) when <c>X-Broker-API-Version</c> is missing, unparsable or below <see cref="MinimumApiVersion"/>. Default true.</summary>
    public bool RequireApiVersion
    {
        get => _state.Behaviour.RequireApiVersion;
        set => _state.Behaviour.RequireApiVersion = value;
    }

    /// <summary>The lowest <c>X-Broker-API-Version</c> accepted; default 2.0. Set e.g. 2.18 to play a broker that needs a newer platform.</summary>
    public Version MinimumApiVersion
    {
        get => _state.Behaviour.MinimumApiVersion;
        set => _state.Behaviour.MinimumApiVersion = value;
    }

    /// <summary>Changes the Basic credentials the broker accepts (e.g. to play a rotated password).</summary>
    public void SetCredentials(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        _state.Behaviour.Credentials = (username, password);
    }

    // ---- Per-operation behaviour ----

    /// <summary>Queues canned answers for <paramref name="operation"/>, consumed one per request in order (after auth and version checks); then the default behaviour again.</summary>
    public void Script(OsbOperation operation, params ScriptedResponse[] responses) => _state.Behaviour.Script(operation, responses);

    /// <summary>How many scripted answers of <paramref name="operation"/> are still queued.</summary>
    public int ScriptedResponsesLeft(OsbOperation operation) => _state.Behaviour.ScriptedLeft(operation);

    /// <summary>Drops queued answers of one operation, or of all when null.</summary>
    public void ClearScripts(OsbOperation? operation = null) => _state.Behaviour.ClearScripts(operation);

    /// <summary>
    /// Provision, Update, Deprovision, Bind or Unbind answer 202 with an <c>operation</c> token from now on (422 AsyncRequired
    /// without <c>accepts_incomplete=true</c>); <c>last_operation</c> then behaves as <paramref name="behaviour"/> says (default: one
    /// <c>in progress</c> poll, then <c>succeeded</c>).
    /// </summary>
    public void RespondAsynchronously(OsbOperation operation, AsyncBehaviour? behaviour = null) =>
        _state.Behaviour.SetAsync(operation, behaviour ?? new AsyncBehaviour());

    /// <summary>Back to synchronous answers for <paramref name="operation"/> (the default).</summary>
    public void RespondSynchronously(OsbOperation operation) => _state.Behaviour.SetAsync(operation, null);

    /// <summary>Requests of <paramref name="operation"/> hang until the client disconnects (or the broker stops).</summary>
    public void NeverAnswer(OsbOperation operation, bool enabled = true) => _state.Behaviour.SetNeverAnswer(operation, enabled);

    /// <summary>Waits <paramref name="delay"/> before each answer of <paramref name="operation"/>; cut short when the client disconnects.</summary>
    public void SetDelay(OsbOperation operation, TimeSpan delay) => _state.Behaviour.SetDelay(operation, delay);

    /// <summary>
    /// From now on a seeded share of calls answers an error or answers late (see <see cref="FlakyBehaviour"/>); null ends it.
    /// Switching it on again starts the draws and <see cref="FlakyStatistics"/> afresh.
    /// </summary>
    public void Flaky(FlakyBehaviour? behaviour) => _state.Behaviour.SetFlaky(behaviour);

    /// <summary>How many calls the flaky behaviour answered with an error, and how many it slowed down.</summary>
    public FlakyStatistics FlakyStatistics => _state.Behaviour.FlakyStatistics;

    /// <summary>All behaviour back to the defaults (credentials included) and the store emptied; the recording stays (see <see cref="Reset"/>).</summary>
    public void ResetBehaviour()
    {
        _state.Behaviour.Reset();
        _state.Behaviour.Credentials = (Options.Username, Options.Password);
        lock (_state.Store.Gate)
        {
            _state.Store.Clear();
        }
    }

    // ---- Broker state ----

    /// <summary>The instances the broker holds now (including ones still being provisioned).</summary>
    public IReadOnlyList<BrokerInstance> Instances
    {
        get
        {
            lock (_state.Store.Gate)
            {
                return _state.Store.Instances.Values.Select(instance => instance.Snapshot()).ToList();
            }
        }
    }

    /// <summary>The bindings the broker holds now (including ones still being created).</summary>
    public IReadOnlyList<BrokerBinding> Bindings
    {
        get
        {
            lock (_state.Store.Gate)
            {
                return _state.Store.Bindings.Values.Select(binding => binding.Snapshot()).ToList();
            }
        }
    }

    /// <summary>Completes when the standalone broker is told to stop (Ctrl+C, SIGTERM).</summary>
    internal Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening; hanging and delayed requests are cut off at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static WebApplication Build(BrokerState state, bool handleConsoleSignals)
    {
        var options = state.Options;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeOsbBroker).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (options.LogRequests)
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        builder.Services.AddSingleton(state);
        if (!handleConsoleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();
        }
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (options.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var app = builder.Build();
        app.UseRouting();
        app.Use(BrokerPipeline.InvokeAsync);
        app.MapCatalog();
        app.MapServiceInstances();
        app.MapServiceBindings();
        app.MapFallback((HttpContext context) =>
            OsbResult.Error(StatusCodes.Status404NotFound, null, $"fake broker: no route for {context.Request.Method} {context.Request.Path}"));
        return app;
    }

    /// <summary>A host lifetime that starts at once and listens to no console signals.</summary>
    private sealed class InProcessLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

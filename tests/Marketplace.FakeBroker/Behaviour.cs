namespace Marketplace.FakeBroker;

/// <summary>The OSB requests the fake broker tells apart; behaviours are switched per operation.</summary>
public enum OsbOperation
{
    Catalog,
    Provision,
    Update,
    Deprovision,
    FetchInstance,
    InstanceLastOperation,
    Bind,
    Unbind,
    FetchBinding,
    BindingLastOperation,
}

/// <summary>
/// One canned answer, consumed in order by <see cref="FakeOsbBroker.Script"/>. <paramref name="Body"/> is sent as is
/// (as <c>application/json</c> unless <paramref name="Headers"/> say otherwise), so it may be malformed on purpose.
/// <paramref name="Delay"/> waits before answering (cancelled when the client goes away);
/// <see cref="Timeout.InfiniteTimeSpan"/> never answers. With <see cref="DripInterval"/> the status line and headers
/// (with the body's <c>Content-Length</c>) go out at once and the body follows one byte per interval.
/// </summary>
public sealed record ScriptedResponse(
    int Status,
    string? Body = null,
    TimeSpan? Delay = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>
    /// When set, the body drips: the headers are sent at once, then one byte of the body after each interval (cut short
    /// when the client goes away or the broker stops). A body of n bytes takes n × the interval.
    /// </summary>
    public TimeSpan? DripInterval { get; init; }

    /// <summary>
    /// Answers <paramref name="status"/> with its headers at once and then <paramref name="body"/> one byte per
    /// <paramref name="interval"/> — a broker (or a proxy) that starts answering and then stalls.
    /// </summary>
    public static ScriptedResponse Dripping(int status, string body, TimeSpan interval)
    {
        ArgumentException.ThrowIfNullOrEmpty(body);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new ScriptedResponse(status, body) { DripInterval = interval };
    }

    /// <summary>An OSB error body: <c>{ "error": …, "description": … }</c>.</summary>
    public static ScriptedResponse Error(int status, string? error, string description, TimeSpan? delay = null) =>
        new(status, OsbResult.ErrorJson(error, description), delay);

    /// <summary>Hangs until the client disconnects (or the broker stops).</summary>
    public static ScriptedResponse NoAnswer { get; } = new(0, Delay: Timeout.InfiniteTimeSpan);
}

/// <summary>
/// How an operation answers when switched to asynchronous: 202 with an <c>operation</c> token, then
/// <c>last_operation</c> answers <c>in progress</c> for <see cref="InProgressPolls"/> polls and until
/// <see cref="Duration"/> has passed since the 202 (both must hold), then <c>succeeded</c> or <c>failed</c>.
/// </summary>
public sealed record AsyncBehaviour
{
    /// <summary>Polls answered with <c>in progress</c> before the final state (default 1).</summary>
    public int InProgressPolls { get; init; } = 1;

    /// <summary>Minimum time between the 202 and the final state (default none).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.Zero;

    /// <summary>The operation ends <c>failed</c> instead of <c>succeeded</c>; a failed provision or bind leaves nothing behind.</summary>
    public bool Fails { get; init; }

    /// <summary>The <c>description</c> of the final poll answer.</summary>
    public string? Description { get; init; }

    /// <summary>A <c>Retry-After</c> header value sent with every <c>in progress</c> poll answer (e.g. "30" or an HTTP date).</summary>
    public string? RetryAfter { get; init; }

    /// <summary>A <c>Retry-After</c> header value sent with the 202 that starts the operation (and with a repeated request's 202).</summary>
    public string? AcceptedRetryAfter { get; init; }

    /// <summary>A fixed <c>operation</c> token; by default each operation gets a new one.</summary>
    public string? OperationToken { get; init; }

    /// <summary>The 202 carries no <c>operation</c> field at all (it is optional in OSB).</summary>
    public bool OmitOperation { get; init; }

    /// <summary>A finished deprovision or unbind answers polls with <c>410 Gone</c> instead of <c>200 succeeded</c>.</summary>
    public bool GoneWhenDone { get; init; }

    /// <summary>Sent as <c>instance_usable</c> in a <c>failed</c> poll answer when set.</summary>
    public bool? InstanceUsable { get; init; }

    /// <summary>Sent as <c>update_repeatable</c> in a <c>failed</c> poll answer when set.</summary>
    public bool? UpdateRepeatable { get; init; }

    /// <summary>Finishes on poll number <paramref name="inProgressPolls"/> + 1.</summary>
    public static AsyncBehaviour AfterPolls(int inProgressPolls) => new() { InProgressPolls = inProgressPolls };

    /// <summary>Finishes on the first poll once <paramref name="duration"/> has passed.</summary>
    public static AsyncBehaviour After(TimeSpan duration) => new() { InProgressPolls = 0, Duration = duration };
}

/// <summary>
/// A broker that misbehaves now and then, the same way for the same <see cref="Seed"/>: of the calls of each operation in
/// <see cref="Operations"/>, a share <see cref="ErrorShare"/> answers an error instead of doing anything (422
/// <c>ConcurrencyError</c> for updates, 500 <c>InternalError</c> for everything else) and a share <see cref="SlowShare"/>
/// waits <see cref="SlowDelay"/> before its normal answer. Every call still gets an HTTP answer — no connection failures and
/// no timeouts as long as <see cref="SlowDelay"/> stays below the platform's request timeout — so a platform's circuit
/// breaker has no reason to open. Scripted answers and <see cref="FakeOsbBroker.NeverAnswer"/> take precedence.
/// </summary>
public sealed record FlakyBehaviour
{
    /// <summary>Each operation draws from its own random sequence seeded with this and the operation.</summary>
    public int Seed { get; init; }

    /// <summary>Share (0 to 1) of calls answered with an error.</summary>
    public double ErrorShare { get; init; }

    /// <summary>Share (0 to 1) of calls answered late; <see cref="ErrorShare"/> + <see cref="SlowShare"/> is at most 1.</summary>
    public double SlowShare { get; init; }

    /// <summary>How late a slow call answers (on top of any <see cref="FakeOsbBroker.SetDelay"/>).</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The operations that misbehave; by default all but the catalog.</summary>
    public IReadOnlyCollection<OsbOperation> Operations { get; init; } =
        Enum.GetValues<OsbOperation>().Where(operation => operation != OsbOperation.Catalog).ToArray();
}

/// <summary>What a <see cref="FlakyBehaviour"/> did since it was switched on: calls answered with an error, and calls slowed down.</summary>
public sealed record FlakyStatistics(int Errors, int Slow);

/// <summary>One draw of the flaky behaviour for one call.</summary>
internal readonly record struct FlakyDraw(bool Error, TimeSpan Delay);

/// <summary>The switchable behaviour of one broker; every member is safe to call from any thread.</summary>
internal sealed class BrokerBehaviour
{
    private static readonly HashSet<OsbOperation> AsyncCapable =
        [OsbOperation.Provision, OsbOperation.Update, OsbOperation.Deprovision, OsbOperation.Bind, OsbOperation.Unbind];

    private readonly Lock _gate = new();
    private readonly Dictionary<OsbOperation, Queue<ScriptedResponse>> _scripts = [];
    private readonly Dictionary<OsbOperation, AsyncBehaviour> _async = [];
    private readonly Dictionary<OsbOperation, TimeSpan> _delays = [];
    private readonly HashSet<OsbOperation> _neverAnswer = [];
    private readonly Dictionary<OsbOperation, Random> _flakyDraws = [];
    private FlakyBehaviour? _flaky;
    private int _flakyErrors;
    private int _flakySlow;
    private string _catalogJson = SampleCatalog.Json;
    private int? _catalogStatus;
    private bool _malformedCatalog;
    private Uri? _catalogRedirectTo;
    private bool _requireApiVersion = true;
    private Version _minimumApiVersion = new(2, 0);
    private (string Username, string Password) _credentials;

    public BrokerBehaviour(string username, string password) => _credentials = (username, password);

    public string CatalogJson { get => Read(() => _catalogJson); set => Write(() => _catalogJson = value ?? throw new ArgumentNullException(nameof(value))); }
    public int? CatalogStatus { get => Read(() => _catalogStatus); set => Write(() => _catalogStatus = value); }
    public bool MalformedCatalog { get => Read(() => _malformedCatalog); set => Write(() => _malformedCatalog = value); }
    public Uri? CatalogRedirectTo { get => Read(() => _catalogRedirectTo); set => Write(() => _catalogRedirectTo = value); }
    public bool RequireApiVersion { get => Read(() => _requireApiVersion); set => Write(() => _requireApiVersion = value); }
    public Version MinimumApiVersion { get => Read(() => _minimumApiVersion); set => Write(() => _minimumApiVersion = value ?? throw new ArgumentNullException(nameof(value))); }
    public (string Username, string Password) Credentials { get => Read(() => _credentials); set => Write(() => _credentials = value); }

    public void Script(OsbOperation operation, IEnumerable<ScriptedResponse> responses)
    {
        var checkedResponses = responses.ToList();
        foreach (var response in checkedResponses)
        {
            ArgumentNullException.ThrowIfNull(response, nameof(responses));
            if (response.Delay != Timeout.InfiniteTimeSpan && response.Status is < 100 or > 599)
            {
                throw new ArgumentException($"Scripted status {response.Status} is not an HTTP status (only a never-answering script may omit it).", nameof(responses));
            }
        }
        Write(() =>
        {
            if (!_scripts.TryGetValue(operation, out var queue))
            {
                _scripts[operation] = queue = new Queue<ScriptedResponse>();
            }
            foreach (var response in checkedResponses)
            {
                queue.Enqueue(response);
            }
        });
    }

    public void ClearScripts(OsbOperation? operation) => Write(() =>
    {
        if (operation is { } one)
        {
            _scripts.Remove(one);
        }
        else
        {
            _scripts.Clear();
        }
    });

    public ScriptedResponse? NextScripted(OsbOperation operation) =>
        Read(() => _scripts.TryGetValue(operation, out var queue) && queue.TryDequeue(out var next) ? next : null);

    public int ScriptedLeft(OsbOperation operation) => Read(() => _scripts.TryGetValue(operation, out var queue) ? queue.Count : 0);

    public void SetAsync(OsbOperation operation, AsyncBehaviour? behaviour)
    {
        if (!AsyncCapable.Contains(operation))
        {
            throw new ArgumentException($"{operation} has no asynchronous form in OSB.", nameof(operation));
        }
        Write(() =>
        {
            if (behaviour is null)
            {
                _async.Remove(operation);
            }
            else
            {
                _async[operation] = behaviour;
            }
        });
    }

    public AsyncBehaviour? AsyncFor(OsbOperation operation) => Read(() => _async.GetValueOrDefault(operation));

    public void SetNeverAnswer(OsbOperation operation, bool enabled) => Write(() =>
    {
        if (enabled)
        {
            _neverAnswer.Add(operation);
        }
        else
        {
            _neverAnswer.Remove(operation);
        }
    });

    public bool NeverAnswers(OsbOperation operation) => Read(() => _neverAnswer.Contains(operation));

    public void SetDelay(OsbOperation operation, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero && delay != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay is zero or more.");
        }
        Write(() => _delays[operation] = delay);
    }

    public TimeSpan DelayFor(OsbOperation operation) => Read(() => _delays.GetValueOrDefault(operation));

    public void SetFlaky(FlakyBehaviour? behaviour)
    {
        if (behaviour is not null && (behaviour.ErrorShare is < 0 or > 1 || behaviour.SlowShare is < 0 or > 1 || behaviour.ErrorShare + behaviour.SlowShare > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(behaviour), "ErrorShare and SlowShare are shares from 0 to 1 and add up to at most 1.");
        }
        if (behaviour is not null && behaviour.SlowDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(behaviour), behaviour.SlowDelay, "SlowDelay is zero or more.");
        }
        Write(() =>
        {
            _flaky = behaviour;
            _flakyDraws.Clear();
            _flakyErrors = 0;
            _flakySlow = 0;
        });
    }

    public FlakyStatistics FlakyStatistics => Read(() => new FlakyStatistics(_flakyErrors, _flakySlow));

    /// <summary>The flaky behaviour's draw for the next call of <paramref name="operation"/>; null when it behaves.</summary>
    public FlakyDraw? NextFlaky(OsbOperation operation)
    {
        lock (_gate)
        {
            return DrawFlaky(operation);
        }
    }

    private FlakyDraw? DrawFlaky(OsbOperation operation)
    {
        if (_flaky is not { } flaky || !flaky.Operations.Contains(operation))
        {
            return null;
        }
        if (!_flakyDraws.TryGetValue(operation, out var draws))
        {
            _flakyDraws[operation] = draws = new Random(unchecked((flaky.Seed * 397) ^ ((int)operation + 1)));
        }
        var draw = draws.NextDouble();
        if (draw < flaky.ErrorShare)
        {
            _flakyErrors++;
            return new FlakyDraw(Error: true, TimeSpan.Zero);
        }
        if (draw < flaky.ErrorShare + flaky.SlowShare)
        {
            _flakySlow++;
            return new FlakyDraw(Error: false, flaky.SlowDelay);
        }
        return null;
    }

    /// <summary>Back to the defaults: sample catalog, synchronous success everywhere, no scripts, delays or hangs.</summary>
    public void Reset() => Write(() =>
    {
        _scripts.Clear();
        _async.Clear();
        _delays.Clear();
        _neverAnswer.Clear();
        _flaky = null;
        _flakyDraws.Clear();
        _catalogJson = SampleCatalog.Json;
        _catalogStatus = null;
        _malformedCatalog = false;
        _catalogRedirectTo = null;
        _requireApiVersion = true;
        _minimumApiVersion = new Version(2, 0);
    });

    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Write(Action write)
    {
        lock (_gate)
        {
            write();
        }
    }
}

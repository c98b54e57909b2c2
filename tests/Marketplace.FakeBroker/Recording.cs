using System.Text;

namespace Marketplace.FakeBroker;

/// <summary>One request the broker received, recorded on arrival and completed when the answer is sent.</summary>
public sealed class RecordedRequest
{
    private int _responseStatus;
    private long _completedAtTicks;
    private int _aborted;

    internal RecordedRequest(
        long sequence,
        string method,
        string path,
        string rawTarget,
        string queryString,
        IReadOnlyDictionary<string, string> query,
        IReadOnlyDictionary<string, string> headers,
        string body,
        DateTimeOffset receivedAt,
        OsbOperation? operation,
        string? instanceId,
        string? bindingId)
    {
        Sequence = sequence;
        Method = method;
        Path = path;
        RawTarget = rawTarget;
        QueryString = queryString;
        Query = query;
        Headers = headers;
        Body = body;
        ReceivedAt = receivedAt;
        Operation = operation;
        InstanceId = instanceId;
        BindingId = bindingId;
    }

    /// <summary>Arrival order, starting at 1 for the broker's lifetime (not reset by <see cref="FakeOsbBroker.Reset"/>).</summary>
    public long Sequence { get; }

    public string Method { get; }

    /// <summary>The decoded path, e.g. <c>/v2/catalog</c>.</summary>
    public string Path { get; }

    /// <summary>Path and query exactly as sent on the wire (percent-encoding intact).</summary>
    public string RawTarget { get; }

    /// <summary>The raw query string including the leading '?', or empty.</summary>
    public string QueryString { get; }

    /// <summary>Decoded query parameters; repeated keys are joined with ','.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>All request headers (case-insensitive names); repeated values are joined with ",".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The request body as text; empty when there was none.</summary>
    public string Body { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The OSB operation the route stands for; null for paths the broker does not know.</summary>
    public OsbOperation? Operation { get; }

    public string? InstanceId { get; }

    public string? BindingId { get; }

    /// <summary>The status code sent; null while still being answered, or when the client left first.</summary>
    public int? ResponseStatus => Volatile.Read(ref _responseStatus) is var status and > 0 ? status : null;

    /// <summary>When the answer was sent or the client went away; null while in flight.</summary>
    public DateTimeOffset? CompletedAt =>
        Interlocked.Read(ref _completedAtTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>The client disconnected (or the broker stopped) before an answer was sent.</summary>
    public bool Aborted => Volatile.Read(ref _aborted) == 1;

    public bool IsCompleted => CompletedAt is not null;

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public string? QueryValue(string name) => Query.GetValueOrDefault(name);

    internal void Complete(int? status, bool aborted, DateTimeOffset at)
    {
        Volatile.Write(ref _responseStatus, status ?? 0);
        Volatile.Write(ref _aborted, aborted ? 1 : 0);
        Interlocked.Exchange(ref _completedAtTicks, at.UtcTicks);
    }

    public override string ToString() =>
        $"#{Sequence} {Method} {RawTarget} -> {(Aborted ? "aborted" : ResponseStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "in flight")}";
}

/// <summary>Keeps the recorded requests and the catalog concurrency high-water mark.</summary>
internal sealed class RequestRecorder
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private TaskCompletionSource _changed = NewSignal();
    private long _sequence;
    private int _catalogInFlight;
    private int _maxCatalogInFlight;

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public int MaxConcurrentCatalogRequests => Volatile.Read(ref _maxCatalogInFlight);

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
        Signal();
    }

    public void Completed() => Signal();

    public void CatalogStarted()
    {
        var now = Interlocked.Increment(ref _catalogInFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxCatalogInFlight)))
        {
            if (Interlocked.CompareExchange(ref _maxCatalogInFlight, now, max) == max)
            {
                break;
            }
        }
    }

    public void CatalogFinished() => Interlocked.Decrement(ref _catalogInFlight);

    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            Volatile.Write(ref _maxCatalogInFlight, Volatile.Read(ref _catalogInFlight));
        }
        Signal();
    }

    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var match = _requests.FirstOrDefault(predicate);
                if (match is not null)
                {
                    return match;
                }
                changed = _changed.Task;
            }
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException(Describe($"No matching request within {timeout.TotalSeconds:0.###} s."));
            }
            try
            {
                await changed.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Loop once more: the last check happens under the lock, then throws with the summary.
            }
        }
    }

    private string Describe(string headline)
    {
        var text = new StringBuilder(headline).AppendLine(" Recorded:");
        foreach (var request in Snapshot())
        {
            text.Append("  ").AppendLine(request.ToString());
        }
        return text.ToString();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = NewSignal();
        }
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using System.Collections.Concurrent;

namespace Marketplace.Bench.Infrastructure;

/// <summary>Answers counted by HTTP status (thread-safe), plus requests that got no answer at all.</summary>
internal sealed class StatusCounts
{
    private readonly ConcurrentDictionary<int, int> _byStatus = new();
    private int _noAnswer;

    public void Add(int status) => _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);

    public void NoAnswer() => Interlocked.Increment(ref _noAnswer);

    public int NoAnswers => Volatile.Read(ref _noAnswer);

    public int Count(Func<int, bool> predicate) => _byStatus.Where(s => predicate(s.Key)).Sum(s => s.Value);

    public int Total => Count(_ => true);

    /// <summary>"2xx=… 3xx=… 4xx=… (429=…) 5xx=… no answer=…".</summary>
    public string ByClass() =>
        $"2xx={Count(s => s is >= 200 and < 300)} 3xx={Count(s => s is >= 300 and < 400)} " +
        $"4xx={Count(s => s is >= 400 and < 500 and not 429)} 429={Count(s => s == 429)} 5xx={Count(s => s >= 500)} no-answer={NoAnswers}";

    /// <summary>"200=… 202=… …".</summary>
    public string ByStatus() => _byStatus.IsEmpty ? "none" : string.Join(' ', _byStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"));
}

using System.Diagnostics;

namespace Marketplace.Bench.Infrastructure;

/// <summary>Progress notes on stderr, so that stdout carries only the result lines and their details.</summary>
internal static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Write(string benchmark, string message) =>
        Console.Error.WriteLine($"[{Clock.Elapsed:hh\\:mm\\:ss}] {benchmark}: {message}");
}

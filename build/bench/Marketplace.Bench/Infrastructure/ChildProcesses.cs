using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// The app processes this program started. When the program is told to stop (Ctrl+C, SIGTERM, e.g. from a
/// <c>timeout</c> around bench.sh) they are killed first, so no marketplace outlives the benchmark that started it.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<object, Action> Running = new();

    public static void Track(object owner, Action kill) => Running[owner] = kill;

    public static void Forget(object owner) => Running.TryRemove(owner, out _);

    public static IDisposable KillOnTermination()
    {
        var registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => KillAll()))
            .ToList();
        return new Registrations(registrations);
    }

    private static void KillAll()
    {
        foreach (var kill in Running.Values)
        {
            try
            {
                kill();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    }

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}

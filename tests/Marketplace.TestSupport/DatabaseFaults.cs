using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.TestSupport;

/// <summary>
/// Database faults on demand: an EF Core interceptor the test app registers as an <see cref="IInterceptor"/> service
/// (every context of the app adds those). It does nothing until a test arms a fault. A save fault
/// (<see cref="Arm"/>) makes the saves it matches throw a <see cref="DbUpdateException"/>, as a database that refuses
/// a write would; a command fault (<see cref="ArmCommands"/>) makes the SQL commands it matches (queries, updates,
/// bulk updates) fail with a <see cref="DbException"/> before they reach the database. Either throws a given number of
/// times and then lets everything through. Several tests may arm faults at once; each fault only matches what its
/// predicate picks (e.g. the rows of one instance), so tests leave each other alone.
/// </summary>
public sealed class DatabaseFaults : ISaveChangesInterceptor, IDbCommandInterceptor
{
    private readonly Lock _gate = new();
    private readonly List<DatabaseFault> _saves = [];
    private readonly List<DatabaseFault> _commands = [];
    private volatile int _armedCount;

    /// <summary>
    /// Makes the next <paramref name="times"/> saves for which <paramref name="matches"/> holds (it sees the context
    /// with its tracked changes, before anything is written) throw. Dispose the fault to disarm it early.
    /// </summary>
    public DatabaseFault Arm(string name, Func<DbContext, bool> matches, int times)
    {
        ArgumentNullException.ThrowIfNull(matches);
        return Add(_saves, new DatabaseFault(this, name, o => o is DbContext context && matches(context), times));
    }

    /// <summary>
    /// Makes the next <paramref name="times"/> SQL commands for which <paramref name="matches"/> holds (it sees the
    /// command text and parameters) fail before they are sent. Dispose the fault to disarm it early.
    /// </summary>
    public DatabaseFault ArmCommands(string name, Func<DbCommand, bool> matches, int times)
    {
        ArgumentNullException.ThrowIfNull(matches);
        return Add(_commands, new DatabaseFault(this, name, o => o is DbCommand command && matches(command), times));
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        ThrowIfArmed(_saves, eventData.Context, fault => new DbUpdateException(Message(fault)));
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        ThrowIfArmed(_saves, eventData.Context, fault => new DbUpdateException(Message(fault)));
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        ThrowIfArmed(_commands, command, CommandFailure);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ThrowIfArmed(_commands, command, CommandFailure);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        ThrowIfArmed(_commands, command, CommandFailure);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ThrowIfArmed(_commands, command, CommandFailure);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        ThrowIfArmed(_commands, command, CommandFailure);
        return result;
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        ThrowIfArmed(_commands, command, CommandFailure);
        return ValueTask.FromResult(result);
    }

    internal void Disarm(DatabaseFault fault)
    {
        lock (_gate)
        {
            _saves.Remove(fault);
            _commands.Remove(fault);
            _armedCount = _saves.Count + _commands.Count;
        }
    }

    private DatabaseFault Add(List<DatabaseFault> faults, DatabaseFault fault)
    {
        lock (_gate)
        {
            faults.Add(fault);
            _armedCount = _saves.Count + _commands.Count;
        }

        return fault;
    }

    private void ThrowIfArmed(List<DatabaseFault> faults, object? target, Func<DatabaseFault, Exception> failure)
    {
        if (_armedCount == 0 || target is null)
        {
            return; // the common case: no test armed anything
        }

        List<DatabaseFault> armed;
        lock (_gate)
        {
            armed = [.. faults];
        }

        foreach (var fault in armed)
        {
            if (fault.Matches(target) && fault.TryConsume())
            {
                throw failure(fault);
            }
        }
    }

    private static string Message(DatabaseFault fault) => $"Injected database fault '{fault.Name}' ({fault.Thrown} of {fault.Times}).";

    private static Exception CommandFailure(DatabaseFault fault) => new InjectedDbException(Message(fault));

    /// <summary>What a command fault throws: a provider-neutral <see cref="DbException"/>, as a lost connection would.</summary>
    private sealed class InjectedDbException(string message) : DbException(message);
}

/// <summary>One armed fault: how often it may still throw, and how often it did.</summary>
public sealed class DatabaseFault : IDisposable
{
    private readonly DatabaseFaults _owner;
    private readonly Func<object, bool> _matches;
    private int _thrown;

    internal DatabaseFault(DatabaseFaults owner, string name, Func<object, bool> matches, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        _owner = owner;
        _matches = matches;
        Name = name;
        Times = times;
    }

    public string Name { get; }

    public int Times { get; }

    /// <summary>How many saves or commands this fault has refused so far.</summary>
    public int Thrown => Volatile.Read(ref _thrown);

    public void Dispose() => _owner.Disarm(this);

    internal bool Matches(object target) => Thrown < Times && _matches(target);

    internal bool TryConsume()
    {
        while (true)
        {
            var thrown = Volatile.Read(ref _thrown);
            if (thrown >= Times)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _thrown, thrown + 1, thrown) == thrown)
            {
                return true;
            }
        }
    }
}

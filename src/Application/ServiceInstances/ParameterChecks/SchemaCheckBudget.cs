using System.Diagnostics;

namespace Marketplace.Application.ServiceInstances;

/// <summary>The time one request may spend checking its parameters against a schema, and the request's cancellation.</summary>
internal sealed class SchemaCheckBudget(TimeSpan budget, CancellationToken cancellationToken)
{
    private readonly long started = Stopwatch.GetTimestamp();

    public TimeSpan Remaining => budget - Stopwatch.GetElapsedTime(started);

    /// <summary>Throws when the request was cancelled or the budget is spent.</summary>
    public void ThrowIfSpent()
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Remaining <= TimeSpan.Zero)
        {
            throw new SchemaCheckBudgetSpentException();
        }
    }
}

internal sealed class SchemaCheckBudgetSpentException() : Exception("The schema check ran out of its time budget.");

using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// Finished operation steps stay on the dashboard for an hour instead of Hangfire's day: a busy marketplace runs
/// a step per poll, and the operation's state lives in the database anyway.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class KeepFinishedJobsBrieflyAttribute : JobFilterAttribute, IApplyStateFilter
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.JobExpirationTimeout = Retention;
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}

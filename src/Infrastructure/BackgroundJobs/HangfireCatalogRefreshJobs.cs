using Hangfire;
using Marketplace.Application.Common.Ports;

namespace Marketplace.Infrastructure.BackgroundJobs;

internal sealed class HangfireCatalogRefreshJobs(
    IBackgroundJobClient jobs, IRecurringJobManager recurring, CatalogRefreshSchedule schedule) : ICatalogRefreshJobs
{
    public void Enqueue(Guid brokerId, Guid? publicationId, string? requestedBy) =>
        jobs.Enqueue<CatalogRefreshJob>(job => job.RunAsync(brokerId, publicationId, requestedBy, CancellationToken.None));

    public void Schedule(string jobName, Guid brokerId, Guid? publicationId) =>
        recurring.AddOrUpdate<CatalogRefreshJob>(
            jobName, job => job.RunAsync(brokerId, publicationId, null, CancellationToken.None), schedule.Cron);

    public void Unschedule(string jobName) => recurring.RemoveIfExists(jobName);
}

/// <summary><c>Catalog:RefreshInterval</c> (a TimeSpan, default one hour) as a cron expression.</summary>
internal sealed class CatalogRefreshSchedule(TimeSpan interval)
{
    public string Cron { get; } = interval switch
    {
        { TotalMinutes: <= 1 } => Hangfire.Cron.Minutely(),
        { TotalHours: < 1 } => $"*/{(int)interval.TotalMinutes} * * * *",
        { TotalDays: < 1 } => $"0 */{(int)interval.TotalHours} * * *",
        _ => Hangfire.Cron.Daily(),
    };
}

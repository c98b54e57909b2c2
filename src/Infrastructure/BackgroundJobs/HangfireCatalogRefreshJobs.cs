using System.Text;
using Hangfire;
using Marketplace.Application.Common.Ports;

namespace Marketplace.Infrastructure.BackgroundJobs;

internal sealed class HangfireCatalogRefreshJobs(IRecurringJobManager recurring, CatalogRefreshSchedule schedule) : ICatalogRefreshJobs
{
    public void Schedule(string jobName, Guid brokerId, Guid? publicationId) =>
        recurring.AddOrUpdate<CatalogRefreshJob>(
            jobName, job => job.RunAsync(brokerId, publicationId, null, CancellationToken.None), schedule.CronFor(jobName));

    public void Unschedule(string jobName) => recurring.RemoveIfExists(jobName);
}

/// <summary>
/// <c>Catalog:RefreshInterval</c> (a TimeSpan, default one hour) as a cron expression per connection, at a stable
/// offset of its own (from a hash of the job's name): the refreshes of hundreds of brokers spread over the interval
/// instead of all firing in the same minute.
/// </summary>
internal sealed class CatalogRefreshSchedule(TimeSpan interval)
{
    public string CronFor(string jobName)
    {
        var offset = StableHash(jobName);
        switch (interval)
        {
            case { TotalMinutes: <= 1 }:
                return Cron.Minutely();
            case { TotalHours: < 1 }:
                var minutes = (int)interval.TotalMinutes;
                return $"{offset % minutes}/{minutes} * * * *";
            case { TotalHours: < 2 }:
                return $"{offset % 60} * * * *";
            case { TotalDays: < 1 }:
                var hours = (int)interval.TotalHours;
                return $"{offset % 60} {offset / 60 % hours}/{hours} * * *";
            default:
                return $"{offset % 60} {offset / 60 % 24} * * *";
        }
    }

    /// <summary>FNV-1a of the name: the same offset in every process and after every restart (string.GetHashCode is not).</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}

namespace Marketplace.Application.Common.Ports;

/// <summary>
/// The recurring catalog refresh of each connection (<c>catalog-refresh:&lt;identifier&gt;[@&lt;location&gt;]</c> on the ops
/// dashboard, where ops can trigger it). The job only asks for the refresh; the broker work dispatcher runs it.
/// </summary>
public interface ICatalogRefreshJobs
{
    /// <summary>Creates or updates the connection's recurring job, at a minute of its own so refreshes do not all fire together.</summary>
    void Schedule(string jobName, Guid brokerId, Guid? publicationId);

    void Unschedule(string jobName);
}

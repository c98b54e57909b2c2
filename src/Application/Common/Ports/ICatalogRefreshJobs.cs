namespace Marketplace.Application.Common.Ports;

/// <summary>Background catalog refreshes: one recurring job per connection, plus on-demand runs of the same job.</summary>
public interface ICatalogRefreshJobs
{
    /// <summary>Runs the connection's refresh now, in the background, on behalf of <paramref name="requestedBy"/> (sent as originating identity).</summary>
    void Enqueue(Guid brokerId, Guid? publicationId, string? requestedBy);

    /// <summary>Creates or updates the recurring job <c>catalog-refresh:&lt;identifier&gt;[@&lt;location&gt;]</c>.</summary>
    void Schedule(string jobName, Guid brokerId, Guid? publicationId);

    void Unschedule(string jobName);
}

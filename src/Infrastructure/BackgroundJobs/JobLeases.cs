using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>Takes and releases <see cref="JobLease"/>s with single conditional statements (no read-then-write race).</summary>
internal sealed class JobLeases(MarketplaceDbContext db, TimeProvider clock)
{
    /// <summary>One holder per use: two workers of the same process are as distinct as two nodes.</summary>
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public async Task<bool> TryAcquireAsync(string key, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var expires = now + duration.Ticks;
        var taken = await db.Set<JobLease>()
            .Where(l => l.Key == key && l.ExpiresAtUtcTicks < now)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.Holder, _holder).SetProperty(x => x.ExpiresAtUtcTicks, expires), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.Set<JobLease>().AnyAsync(l => l.Key == key, cancellationToken))
        {
            return false;
        }

        db.Set<JobLease>().Add(new JobLease { Key = key, Holder = _holder, ExpiresAtUtcTicks = expires });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another node inserted it first
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) =>
        db.Set<JobLease>().Where(l => l.Key == key && l.Holder == _holder).ExecuteDeleteAsync(cancellationToken);
}

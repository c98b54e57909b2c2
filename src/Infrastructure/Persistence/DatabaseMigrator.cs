using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure.Persistence;

public static class DatabaseMigrator
{
    /// <summary>Creates the database if needed and applies every pending migration of the configured provider.</summary>
    /// <remarks>
    /// The pending list comes from the history table alone. <c>MigrateAsync</c> also builds the design-time model to
    /// compare it with the last migration, which costs most of a second at every start, so it runs only when there is
    /// something to apply (and then it still takes the provider's migration lock, so concurrent nodes stay safe).
    /// </remarks>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
        if (pending.Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }
}

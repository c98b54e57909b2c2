using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Infrastructure.BrokerWork;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>
/// Saves a command's changes and turns the database's refusals into the application's errors: a stale
/// concurrency token into <see cref="ConcurrencyException"/>, a unique index into <see cref="DuplicateKeyException"/>
/// (the handlers check uniqueness first; the index catches the race between two requests).
/// </summary>
internal sealed class UnitOfWork(
    MarketplaceDbContext db, DatabaseWriteGate writes, BrokerWorkSignal signal, NewCatalogs newCatalogs, ILogger<UnitOfWork> logger) : IUnitOfWork
{
    private readonly List<Action> _afterCommit = [];

    /// <summary>How each provider names a unique index in its error: SQLite by columns, SQL Server by index name.</summary>
    private static readonly (string[] Names, string Code)[] UniqueIndexCodes =
    [
        (["ServiceBrokers.Identifier", "IX_ServiceBrokers_Identifier"], "broker.identifier_taken"),
        (["Customers.Identifier", "IX_Customers_Identifier"], "customer.identifier_taken"),
        (["Projects.CustomerId, Projects.Identifier", "IX_Projects_CustomerId_Identifier"], "project.identifier_taken"),
        (["Locations.Identifier", "IX_Locations_Identifier"], "location.identifier_taken"),
        (["ServiceInstances.ProjectId, ServiceInstances.Name", "IX_ServiceInstances_ProjectId_Name"], "instance.name_taken"),
        (["ServiceBindings.InstanceId, ServiceBindings.Name", "IX_ServiceBindings_InstanceId_Name"], "binding.name_taken"),
    ];

    public void AfterCommit(Action action) => _afterCommit.Add(action);

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        using var detected = ChangesDetectedOnce();
        WakeDispatcherAfterCommitWhenWorkChanged();
        if (db.ChangeTracker.HasChanges())
        {
            using var turn = await writes.EnterAsync(cancellationToken);
            var marketplaceChanged = MarketplaceVersion.ChangedBy(db.ChangeTracker);
            if (!marketplaceChanged && !BulkCatalogInsert.HasRows(db, newCatalogs))
            {
                await TranslateAsync(() => db.SaveChangesAsync(cancellationToken));
            }
            else
            {
                await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    await SaveAndCommitAsync(transaction, marketplaceChanged, cancellationToken);
                });
                db.ChangeTracker.AcceptAllChanges();
            }
        }

        RunAfterCommit();
    }

    public async Task SaveClaimedStepAsync(Guid operationId, Guid claimToken, bool mayBeSuperseded, CancellationToken cancellationToken)
    {
        using var detected = ChangesDetectedOnce();

        // The lane that ran this step goes on claiming by itself; only operations the step created are news to the dispatcher.
        WakeDispatcherAfterCommitWhenWorkChanged(addedOnly: true);
        var marketplaceChanged = MarketplaceVersion.ChangedBy(db.ChangeTracker);

        // The claim check and the save are one transaction: in it, the conditional update holds the operation's row
        // (SQLite: the whole database) until the commit, so nobody can take the claim or supersede in between.
        var strategy = db.Database.CreateExecutionStrategy();
        using var turn = await writes.EnterAsync(cancellationToken);
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var held = await db.BrokerOperations
                .Where(o => o.Id == operationId && o.ClaimToken == claimToken && (mayBeSuperseded || !o.Superseded))
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.ClaimToken, (Guid?)null).SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
            if (held == 0)
            {
                throw new ClaimLostException();
            }

            await SaveAndCommitAsync(transaction, marketplaceChanged, cancellationToken);
        });
        db.ChangeTracker.AcceptAllChanges();
        RunAfterCommit();
    }

    /// <summary>
    /// In the caller's transaction: EF saves everything but the catalog rows taken for bulk insertion, then those are
    /// written, the marketplace version goes up when the changes alter what projects see, and all is committed. A
    /// failure gives the rows back to the change tracker, so a retry of the whole save (an execution strategy's) writes
    /// them again.
    /// </summary>
    private async Task SaveAndCommitAsync(IDbContextTransaction transaction, bool marketplaceChanged, CancellationToken cancellationToken)
    {
        var bulk = BulkCatalogInsert.Take(db, newCatalogs);
        try
        {
            await TranslateAsync(() => db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken));
            await bulk.InsertAsync(transaction, cancellationToken);
            if (marketplaceChanged)
            {
                await MarketplaceVersion.BumpAsync(db, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            newCatalogs.Pending.Clear();
        }
        catch
        {
            bulk.GiveBack();
            throw;
        }
    }

    /// <summary>
    /// Every look at the change tracker (<c>Entries</c>, <c>HasChanges</c>, <c>SaveChanges</c>) compares each tracked
    /// entity with its snapshot; with a catalog of 11,000 rows that is tens of milliseconds a look. A save looks once.
    /// </summary>
    private AutoDetectRestorer ChangesDetectedOnce()
    {
        db.ChangeTracker.DetectChanges();
        var restorer = new AutoDetectRestorer(db.ChangeTracker, db.ChangeTracker.AutoDetectChangesEnabled);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return restorer;
    }

    private readonly record struct AutoDetectRestorer(ChangeTracker Tracker, bool Enabled) : IDisposable
    {
        public void Dispose() => Tracker.AutoDetectChangesEnabled = Enabled;
    }

    /// <summary>New or changed broker operations are due work: this node's dispatcher looks at once, not at its next pass.</summary>
    private void WakeDispatcherAfterCommitWhenWorkChanged(bool addedOnly = false)
    {
        if (db.ChangeTracker.Entries<BrokerOperation>().Any(e => e.State == EntityState.Added || (!addedOnly && e.State == EntityState.Modified)))
        {
            _afterCommit.Add(signal.Wake);
        }
    }

    private void RunAfterCommit()
    {
        var actions = _afterCommit.ToList();
        _afterCommit.Clear();
        foreach (var action in actions)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                // The changes are saved, and the database is the source of truth: a missed job or wake-up is made up by
                // the dispatcher's next pass and the job registration at start-up. The caller's request still succeeds.
                logger.LogError(e, "An action after a commit failed");
            }
        }
    }

    private static async Task TranslateAsync(Func<Task<int>> save)
    {
        try
        {
            await save();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ConcurrencyException.Conflict();
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e.InnerException))
        {
            var message = e.InnerException!.Message;
            var code = UniqueIndexCodes
                .Where(u => u.Names.Any(name => message.Contains(name, StringComparison.Ordinal)))
                .Select(u => u.Code)
                .FirstOrDefault();
            throw code is null
                ? ConcurrencyException.Conflict()
                : new DuplicateKeyException(code, "Another resource with the same identifier exists already.");
        }
    }

    private static bool IsUniqueViolation(Exception? exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal),
        SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };
}

using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Infrastructure.Persistence;

/// <summary>
/// Saves a command's changes and turns the database's refusals into the application's errors: a stale
/// concurrency token into <see cref="ConcurrencyException"/>, a unique index into <see cref="DuplicateKeyException"/>
/// (the handlers check uniqueness first; the index catches the race between two requests).
/// </summary>
internal sealed class UnitOfWork(MarketplaceDbContext db) : IUnitOfWork
{
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

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
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

using System.Xml.Linq;
using Marketplace.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Infrastructure.Security;

/// <summary>
/// The Data Protection key ring in the <c>DataProtectionKeys</c> table, shared by every node. It does what
/// <c>PersistKeysToDbContext</c> does, but reads the keys with one plain SQL statement: the library's LINQ query is
/// compiled by EF Core when the key ring loads at start-up, which cost about half a second of every start (P5).
/// </summary>
internal sealed class DatabaseKeyRepository(IServiceScopeFactory scopes, ILogger<DatabaseKeyRepository> logger) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();

        // Through the provider's execution strategy: SQL Server retries transient failures as EF Core's own reads do.
        return db.Database.CreateExecutionStrategy().Execute(db, ReadAll);
    }

    private IReadOnlyCollection<XElement> ReadAll(MarketplaceDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT FriendlyName, Xml FROM DataProtectionKeys WHERE Xml IS NOT NULL";
            using var reader = command.ExecuteReader();
            var elements = new List<XElement>();
            while (reader.Read())
            {
                var friendlyName = reader.IsDBNull(0) ? null : reader.GetString(0);
                if (TryParse(friendlyName, reader.GetString(1)) is { } element)
                {
                    elements.Add(element);
                }
            }

            return elements.AsReadOnly();
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey
        {
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        });
        db.SaveChanges();
    }

    private XElement? TryParse(string? friendlyName, string xml)
    {
        try
        {
            return XElement.Parse(xml);
        }
        catch (System.Xml.XmlException exception)
        {
            // One unreadable row must not take the whole key ring down; the key is skipped, as the library does.
            logger.LogWarning(exception, "Data Protection key {FriendlyName} is not valid XML and is skipped", friendlyName);
            return null;
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using Marketplace.Domain.Catalog;
using Marketplace.FakeBroker;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Contract.Catalog;

/// <summary>
/// P3: a new catalog's services and plans are written by the unit of work's bulk insert (BulkCatalogInsert), not by
/// EF's save of one row at a time. The rows must be exactly those EF writes: same columns, same values, same storage
/// types (a Guid as EF's text, not a blob), and the same links between plans, services and their catalog.
/// </summary>
public sealed class CatalogStorageTests(AppFixture app) : ApiTest(app)
{
    private static readonly string[] Keys = ["Id", "ConnectionCatalogId", "ServiceOfferingId"];

    [Fact]
    public async Task A_registered_catalog_is_stored_exactly_as_EF_stores_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var tenant = await CreateTenantAsync();
        var bulkBroker = await RegisterAsync(tenant, fake);
        var efBroker = await RegisterAsync(tenant, fake);

        // The second broker's catalog again, saved by EF's own SaveChanges on the context (not the unit of work).
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            (await db.ConnectionCatalogs.Where(c => c.BrokerId == efBroker).ExecuteDeleteAsync(cancellationToken)).ShouldBe(1);
            var parsed = CatalogParser.Parse(SampleCatalog.Json);
            parsed.IsValid.ShouldBeTrue();
            var catalog = ConnectionCatalog.For(efBroker, publicationId: null);
            catalog.Apply(parsed.Catalog, new HashSet<string>(), DateTimeOffset.UtcNow);
            db.Add(catalog);
            await db.SaveChangesAsync(cancellationToken);
        }

        var bulk = await StoredRowsAsync(bulkBroker, cancellationToken);
        var ef = await StoredRowsAsync(efBroker, cancellationToken);

        foreach (var (table, key) in new[] { ("ServiceOfferings", "BrokerServiceId"), ("ServicePlans", "BrokerPlanId") })
        {
            bulk[table].Count.ShouldBe(ef[table].Count, table);
            bulk[table].Count.ShouldBeGreaterThan(1, table); // the first row is written by a new command, the next by the prepared one
            foreach (var efRow in ef[table])
            {
                var bulkRow = bulk[table].Single(r => Equals(r[key], efRow[key]));
                bulkRow.Keys.ShouldBe(efRow.Keys, ignoreOrder: true, table);
                foreach (var (column, efValue) in efRow)
                {
                    var bulkValue = bulkRow[column];
                    bulkValue?.GetType().ShouldBe(efValue?.GetType(), $"{table}.{column}: storage type");
                    if (Keys.Contains(column))
                    {
                        bulkValue.ShouldBeOfType<string>().ShouldBe(((string)bulkValue).ToUpperInvariant(), $"{table}.{column}: EF's Guid text");
                        Guid.TryParse((string)bulkValue, out _).ShouldBeTrue();
                    }
                    else
                    {
                        bulkValue.ShouldBe(efValue, $"{table}.{column}");
                    }
                }
            }
        }

        // Every bulk plan belongs to the bulk service of the same broker service, which belongs to the bulk catalog.
        var services = bulk["ServiceOfferings"].ToDictionary(s => (string)s["Id"]!);
        services.Values.Select(s => s["ConnectionCatalogId"]).Distinct().Count().ShouldBe(1);
        foreach (var plan in bulk["ServicePlans"])
        {
            services.ShouldContainKey((string)plan["ServiceOfferingId"]!);
        }

        var read = await Expect(await tenant.CustomerAdmin.GetAsync($"/api/brokers/{bulkBroker}/catalog"), HttpStatusCode.OK);
        read["services"]!.AsArray().Sum(s => s!["plans"]!.AsArray().Count).ShouldBe(bulk["ServicePlans"].Count);
    }

    /// <summary>
    /// An edit that moves a broker without a private catalog to a new endpoint creates the catalog before filling it, so
    /// EF's change detection also finds its services and plans: each row is still written once.
    /// </summary>
    [Fact]
    public async Task A_catalog_created_by_an_edit_is_stored_once()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var fake = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        await using var moved = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "u", Password = "p" });
        var tenant = await CreateTenantAsync();
        var brokerId = await RegisterAsync(tenant, fake);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            (await db.ConnectionCatalogs.Where(c => c.BrokerId == brokerId).ExecuteDeleteAsync(cancellationToken)).ShouldBe(1);
        }

        await Expect(await PatchAsync(tenant.CustomerAdmin, $"/api/brokers/{brokerId}", new { endpoint = moved.BaseAddress.ToString() }), HttpStatusCode.OK);

        var stored = await StoredRowsAsync(brokerId, cancellationToken);
        var parsed = CatalogParser.Parse(SampleCatalog.Json).Catalog!;
        stored["ServiceOfferings"].Select(r => (string)r["BrokerServiceId"]!).Order().ShouldBe(parsed.Services.Select(s => s.BrokerServiceId).Order());
        stored["ServicePlans"].Select(r => (string)r["BrokerPlanId"]!).Order().ShouldBe(parsed.Services.SelectMany(s => s.Plans).Select(p => p.BrokerPlanId).Order());
    }

    private async Task<Guid> RegisterAsync(Tenant tenant, FakeOsbBroker fake)
    {
        var broker = await Expect(await tenant.CustomerAdmin.PostAsJsonAsync("/api/brokers", new
        {
            customerId = tenant.CustomerId, name = "Stored", identifier = Unique("stored"), endpoint = fake.BaseAddress.ToString(),
            username = "u", password = "p",
        }), HttpStatusCode.Created);
        return broker["id"]!.GetValue<Guid>();
    }

    /// <summary>The raw rows of a broker's catalog, each column's value as SQLite gives it back (long, double, string, blob or null).</summary>
    private async Task<Dictionary<string, List<Dictionary<string, object?>>>> StoredRowsAsync(Guid brokerId, CancellationToken cancellationToken)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var catalogId = await db.ConnectionCatalogs.Where(c => c.BrokerId == brokerId).Select(c => c.Id).SingleAsync(cancellationToken);
        var offeringIds = await db.Set<ServiceOffering>().Where(s => EF.Property<Guid>(s, "ConnectionCatalogId") == catalogId).Select(s => s.Id).ToListAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var rows = new Dictionary<string, List<Dictionary<string, object?>>>();
        foreach (var table in new[] { "ServiceOfferings", "ServicePlans" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var all = new List<Dictionary<string, object?>>();
            while (await reader.ReadAsync(cancellationToken))
            {
                all.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }

            rows[table] = table == "ServiceOfferings"
                ? all.Where(r => r["Id"] is string id && offeringIds.Contains(Guid.Parse(id))).ToList()
                : all.Where(r => r["ServiceOfferingId"] is string id && offeringIds.Contains(Guid.Parse(id))).ToList();
        }

        return rows;
    }
}

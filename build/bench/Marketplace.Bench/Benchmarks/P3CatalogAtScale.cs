using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Bench.Infrastructure;
using Marketplace.Domain.Catalog;
using Microsoft.Data.Sqlite;

namespace Marketplace.Bench.Benchmarks;

/// <summary>
/// P3 catalog at scale: a fake broker serves 1,000 services × 10 plans (each plan with a parameter schema and metadata).
/// The yardstick, measured in this process in the same run: GET /v2/catalog from that broker and parse it with the
/// marketplace's own parser (median of 5 after a warm-up). P3-register = the broker's registration (POST /api/brokers:
/// fetch, check, store) / yardstick, bound 5 ×, both warm (median of 3 after the first, against the median) and cold (the
/// first registration in the process against the first fetch + parse in this one), and the first bound 5 s too. P3-refresh = an unchanged refresh as the node logs its duration (fetch, check,
/// apply, save) / yardstick, bound 2 ×; the refresh must write no row of the catalog's services and plans, which
/// triggers the benchmark adds to the database count.
/// </summary>
internal static partial class P3CatalogAtScale
{
    private const int Services = 1_000;
    private const int PlansPerService = 10;
    private const double RegisterBound = 5.0;
    private const double RegisterSecondsBound = 5.0;
    private const double RefreshBound = 2.0;
    private const int WarmRegistrations = 3;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchRun run)
    {
        var register = new BenchResult("P3-register");
        var refresh = new BenchResult("P3-refresh");
        await using var broker = await Setup.StartBrokerAsync();
        broker.Catalog = Catalog();
        await using var node = await MarketplaceNode.StartAsync(run, "p3");

        var (yardstick, coldYardstick, catalogBytes) = await FetchAndParseAsync(broker.BaseAddress);
        Progress.Write("P3", $"fetch + parse: median {Format.Seconds(yardstick)} for {catalogBytes / 1024.0 / 1024.0:0.0} MiB");

        var tenant = await Setup.CreateTenantAsync(node, "p3");
        // Like against like: the first registration runs on a cold process (JIT, EF's first use of the catalog's entity
        // types) and is compared with the first fetch + parse of this process; the median of the next ones with the median
        // of the warm fetches + parses. Both ratios are bound by 5 x, the first registration also by 5 s.
        var registrations = new List<double>();
        var brokerId = Guid.Empty;
        for (var i = 0; i <= WarmRegistrations; i++)
        {
            var watch = Stopwatch.StartNew();
            var registered = (await tenant.CustomerAdmin.PostAsync("/api/brokers", new
            {
                customerId = tenant.CustomerId,
                name = $"P3 broker {i}",
                identifier = Setup.Unique("p3"),
                endpoint = broker.BaseAddress.ToString(),
                username = Setup.BrokerUsername,
                password = Setup.BrokerPassword,
                developmentMode = true,
            })).Expect(201);
            registrations.Add(watch.Elapsed.TotalSeconds);
            brokerId = registered["id"]!.GetValue<Guid>();
        }

        var coldSeconds = registrations[0];
        var warmSeconds = Statistics.Median(registrations.Skip(1).ToList());
        var registerRatio = warmSeconds / yardstick;
        var coldRatio = coldSeconds / coldYardstick;
        register.Verdict(
            registerRatio <= RegisterBound && coldRatio <= RegisterBound && coldSeconds <= RegisterSecondsBound,
            Format.Number(Math.Max(registerRatio, coldRatio)),
            $"<= {Format.Number(RegisterBound, "0.0")} x fetch + parse, warm and cold, and the first <= {RegisterSecondsBound:0} s; " +
            $"warm: median of {WarmRegistrations} {Format.Seconds(warmSeconds)} = {Format.Number(registerRatio)} x; cold: the first {Format.Seconds(coldSeconds)} = {Format.Number(coldRatio)} x the first fetch + parse ({Format.Seconds(coldYardstick)})");
        register.Detail($"registrations in order: {string.Join(", ", registrations.Select(Format.Seconds))} (the first in a process that had not registered a catalog yet)");
        Progress.Write("P3", $"registration: first {Format.Seconds(coldSeconds)}, then median {Format.Seconds(warmSeconds)}; now an unchanged refresh");

        await CountCatalogWritesAsync(node.DatabaseFile);
        var logged = LoggedRefreshes(node.Output).Count;
        var refreshWatch = Stopwatch.StartNew();
        (await tenant.CustomerAdmin.PostAsync($"/api/brokers/{brokerId}/catalog/refresh", null)).Expect(202);
        double? refreshSeconds = null;
        while (refreshWatch.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (LoggedRefreshes(node.Output) is { Count: var count } durations && count > logged)
            {
                refreshSeconds = durations[^1] / 1000.0;
                break;
            }

            await Task.Delay(50);
        }

        var endToEnd = refreshWatch.Elapsed.TotalSeconds;
        var written = await CatalogWritesAsync(node.DatabaseFile);
        var catalog = (await tenant.CustomerAdmin.GetAsync($"/api/brokers/{brokerId}/catalog")).Expect(200);
        if (refreshSeconds is not { } seconds)
        {
            refresh.Verdict(false, "n/a", $"<= {Format.Number(RefreshBound, "0.0")} x fetch + parse and 0 rows written; no refresh was logged within 120 s");
        }
        else
        {
            var ratio = seconds / yardstick;
            refresh.Verdict(
                ratio <= RefreshBound && written == 0 && catalog["lastError"] is null,
                Format.Number(ratio),
                $"<= {Format.Number(RefreshBound, "0.0")} x fetch + parse and 0 rows written; took {Format.Seconds(seconds)}, wrote {written} rows");
        }

        foreach (var result in new[] { register, refresh })
        {
            result.Detail($"catalog: {Services} services x {PlansPerService} plans, {catalogBytes} bytes; fetch + parse in this process: median {Format.Seconds(yardstick)} of 5");
        }

        refresh.Detail($"refresh as the node logged it (fetch, check, apply, save): {(refreshSeconds is { } s ? Format.Seconds(s) : "n/a")}; POST to that log line: {Format.Seconds(endToEnd)}");
        refresh.Detail($"rows of ServiceOfferings and ServicePlans inserted, updated or deleted by the refresh: {written}; lastError {catalog["lastError"]?.ToJsonString() ?? "null"}");
        register.Details(node.DescribeSettings().Select(s => "setting " + s));
        register.Details(node.DescribeLog());
        return [register, refresh];
    }

    /// <summary>1,000 services of 10 plans, each plan with a draft-04 schema for provisioning and some metadata.</summary>
    private static JsonObject Catalog() => new()
    {
        ["services"] = new JsonArray([.. Enumerable.Range(0, Services).Select(s => (JsonNode)new JsonObject
        {
            ["id"] = $"service-{s:D4}",
            ["name"] = $"service-{s:D4}",
            ["description"] = $"Service offering number {s} of the P3 catalog",
            ["bindable"] = true,
            ["tags"] = new JsonArray("bench", $"group-{s % 10}"),
            ["metadata"] = new JsonObject { ["displayName"] = $"Service {s}", ["provider"] = new JsonObject { ["name"] = "P3 Inc." } },
            ["plans"] = new JsonArray([.. Enumerable.Range(0, PlansPerService).Select(p => (JsonNode)new JsonObject
            {
                ["id"] = $"plan-{s:D4}-{p:D2}",
                ["name"] = $"plan-{p:D2}",
                ["description"] = $"Plan {p} of service {s}",
                ["free"] = p % 2 == 0,
                ["metadata"] = new JsonObject { ["displayName"] = $"Plan {p}", ["bullets"] = new JsonArray("fast", "small") },
                ["schemas"] = JsonNode.Parse($$"""
                    { "service_instance": { "create": { "parameters": {
                        "$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                        "properties": { "size": { "type": "integer", "minimum": 1, "maximum": {{10 + p}} }, "name": { "type": "string", "pattern": "^[a-z]+$" } } } } } }
                    """),
            })]),
        })]),
    };

    private static async Task<(double MedianSeconds, double FirstSeconds, long Bytes)> FetchAndParseAsync(Uri broker)
    {
        using var http = new HttpClient { BaseAddress = broker };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Setup.BrokerUsername}:{Setup.BrokerPassword}")));
        http.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
        var times = new List<double>();
        var first = 0.0;
        long bytes = 0;
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            var json = await http.GetStringAsync(new Uri("v2/catalog", UriKind.Relative));
            var parsed = CatalogParser.Parse(json);
            var elapsed = watch.Elapsed.TotalSeconds;
            if (!parsed.IsValid)
            {
                throw new InvalidOperationException($"The P3 catalog is invalid: {string.Join("; ", parsed.Problems.Take(5))}");
            }

            bytes = Encoding.UTF8.GetByteCount(json);
            if (i > 0)
            {
                times.Add(elapsed); // the first is the warm-up
            }
            else
            {
                first = elapsed;
            }
        }

        return (Statistics.Median(times), first, bytes);
    }

    /// <summary>Triggers that count every row the app inserts, updates or deletes in the catalog's tables from now on.</summary>
    private static async Task CountCatalogWritesAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS BenchWrites (Count INTEGER NOT NULL); DELETE FROM BenchWrites; INSERT INTO BenchWrites VALUES (0);");
        foreach (var table in new[] { "ServiceOfferings", "ServicePlans" })
        {
            foreach (var action in new[] { "INSERT", "UPDATE", "DELETE" })
            {
                sql.Append(CultureInfo.InvariantCulture,
                    $"CREATE TRIGGER IF NOT EXISTS Bench_{table}_{action} AFTER {action} ON {table} BEGIN UPDATE BenchWrites SET Count = Count + 1; END;");
            }
        }

        command.CommandText = sql.ToString();
        command.CommandTimeout = 30;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CatalogWritesAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Count FROM BenchWrites";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static List<long> LoggedRefreshes(string output) =>
        RefreshLogLine().Matches(output).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"Catalog refresh of connection \S+ took (\d+) ms")]
    private static partial Regex RefreshLogLine();
}

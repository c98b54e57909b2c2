using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>
/// Done-when 5 and I70: the credentials a broker returns for a binding (synchronously, and fetched after an
/// asynchronous bind) are stored encrypted — never in a log line (the whole app at Trace, EF Core and HttpClient
/// included) and never in plain text in the SQLite database, its -wal or its -shm file.
/// </summary>
public sealed class BindingCredentialsNeverLeakTests(TraceLoggingApp traceApp) : IClassFixture<TraceLoggingApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Checklist", "I70")]
    public async Task Binding_credentials_never_reach_logs_or_database_files()
    {
        await using var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb", Password = "osb-password" });
        var (member, projectId, brokerId, owner) = await SetUpTenantAsync(broker);
        var catalog = await ReadAsync(await owner.GetAsync($"/api/brokers/{brokerId}/catalog"), HttpStatusCode.OK);
        var service = catalog["services"]!.AsArray().Single(s => s!["brokerServiceId"]!.GetValue<string>() == SampleCatalog.DatabaseServiceId)!;
        var planId = service["plans"]!.AsArray().Single(p => p!["brokerPlanId"]!.GetValue<string>() == SampleCatalog.DatabaseSmallPlanId)!["id"]!;

        var instance = await ReadAsync(
            await member.PostAsJsonAsync($"/api/projects/{projectId}/instances", new { name = "vault-db", serviceId = service["id"], planId }),
            HttpStatusCode.Accepted);
        var instanceUrl = $"/api/projects/{projectId}/instances/{instance["id"]}";
        await WaitForAsync(member, instanceUrl, i => i["state"]!.GetValue<string>() == "ready");

        var shown = new List<JsonNode>();
        foreach (var asynchronous in new[] { false, true })
        {
            if (asynchronous)
            {
                broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(1));
            }

            var binding = await ReadAsync(
                await member.PostAsJsonAsync($"{instanceUrl}/bindings", new { name = asynchronous ? "async-app" : "sync-app" }), HttpStatusCode.Accepted);
            var bound = await WaitForAsync(member, $"{instanceUrl}/bindings/{binding["id"]}", b => b["state"]!.GetValue<string>() == "ready");
            shown.Add(bound["credentials"]!.DeepClone());
        }

        broker.RequestsFor(OsbOperation.FetchBinding).ShouldNotBeEmpty("the asynchronous bind's credentials came from GET binding");
        var brokerCredentials = broker.Bindings.Select(b => JsonNode.Parse(b.CredentialsJson)!).ToList();
        brokerCredentials.Count.ShouldBe(2);
        foreach (var credentials in brokerCredentials)
        {
            shown.ShouldContain(s => JsonNode.DeepEquals(s, credentials), "the member saw the credentials, so the marketplace really stored them");
        }

        var logs = string.Join('\n', traceApp.Logs.Lines);
        logs.ShouldContain("Microsoft.EntityFrameworkCore", customMessage: "Trace logging of EF Core must be on for this test to mean anything");
        logs.ShouldContain("/service_bindings/", customMessage: "the broker calls of the binds must be logged for this test to mean anything");
        var databaseBytes = traceApp.ReadDatabaseBytes();
        databaseBytes.Length.ShouldBeGreaterThan(0);
        var databaseText = Encoding.UTF8.GetString(databaseBytes) + Encoding.Latin1.GetString(databaseBytes) + Encoding.Unicode.GetString(databaseBytes);

        foreach (var credentials in brokerCredentials)
        {
            foreach (var secret in new[] { credentials["password"]!.GetValue<string>(), credentials["username"]!.GetValue<string>(), credentials["uri"]!.GetValue<string>() })
            {
                foreach (var form in Encodings(secret))
                {
                    logs.ShouldNotContain(form, Case.Sensitive, "a log line carries a binding credential");
                    databaseText.ShouldNotContain(form, Case.Sensitive, "a database file carries a binding credential in plain text");
                }
            }

            var json = credentials.ToJsonString();
            logs.ShouldNotContain(json, Case.Sensitive);
            databaseText.ShouldNotContain(json, Case.Sensitive);
        }
    }

    private async Task<(HttpClient Member, Guid ProjectId, Guid BrokerId, HttpClient Owner)> SetUpTenantAsync(FakeOsbBroker broker)
    {
        var admin = traceApp.AsPlatformAdmin();
        var customer = await ReadAsync(
            await admin.PostAsJsonAsync("/api/customers", new { identifier = "credential-keepers", name = "Credential keepers" }), HttpStatusCode.Created);
        var customerId = customer["id"]!.GetValue<Guid>();
        (await admin.PutAsync($"/api/customers/{customerId}/admins/keeper", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var owner = traceApp.As("keeper");
        var project = await ReadAsync(
            await owner.PostAsJsonAsync($"/api/customers/{customerId}/projects", new { identifier = "vault", name = "Vault" }), HttpStatusCode.Created);
        var projectId = project["id"]!.GetValue<Guid>();
        (await owner.PutAsync($"/api/projects/{projectId}/members/developer", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var registered = await ReadAsync(await owner.PostAsJsonAsync("/api/brokers", new
        {
            customerId, name = "Vault broker", identifier = "vault-broker", endpoint = broker.BaseAddress.ToString(), username = "osb",
            password = "osb-password", developmentMode = true,
        }), HttpStatusCode.Created);
        (await owner.PutAsync($"/api/projects/{projectId}/locations/private-credential-keepers", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return (traceApp.As("developer"), projectId, registered["id"]!.GetValue<Guid>(), owner);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<JsonObject> WaitForAsync(HttpClient client, string url, Func<JsonObject, bool> until)
    {
        var deadline = DateTime.UtcNow + Wait;
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ReadAsync(await client.GetAsync(url), HttpStatusCode.OK);
            if (until(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} did not reach the expected state in time; last seen: {last?.ToJsonString()}");
    }

    private static IEnumerable<string> Encodings(string secret)
    {
        yield return secret;
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        yield return JsonSerializer.Serialize(secret).Trim('"');
        yield return Uri.EscapeDataString(secret);
    }
}

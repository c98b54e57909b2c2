using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Api.Tests.Contract;
using Marketplace.FakeBroker;
using Marketplace.TestSupport;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>The whole app at Trace (EF Core and HttpClient included) on its own SQLite file.</summary>
public sealed class TraceLoggingApp : SqliteMarketplaceApp
{
    protected override LogLevel MinimumLogLevel => LogLevel.Trace;
}

/// <summary>Broker passwords are write-only: never in a response, a log line or the database files in any encoding.</summary>
public sealed class SecretsNeverLeakTests(TraceLoggingApp traceApp) : IClassFixture<TraceLoggingApp>
{
    private const string RegistrationPassword = "Pässwörd:with\"quotes'and\\slashes-reg-91c7";
    private const string EditedPassword = "ünïcödé:new\"password\\edit-5d2e";
    private const string PublicationPassword = "pub:lication\"secret\\öäü-3f8a";

    [Fact]
    public async Task Broker_passwords_never_reach_logs_responses_or_database_files()
    {
        var admin = traceApp.AsPlatformAdmin();
        var customer = await (await admin.PostAsJsonAsync("/api/customers", new { identifier = "secret-keepers", name = "Secret keepers" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var customerId = customer.GetProperty("id").GetGuid();
        (await admin.PutAsync($"/api/customers/{customerId}/admins/keeper", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var owner = traceApp.As("keeper");

        await using var privateBroker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions { Username = "osb", Password = RegistrationPassword });
        await using var publishedBroker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions
        {
            Username = "osb",
            Password = PublicationPassword,
            Certificate = TestCertificates.IssueServerCertificate(traceApp.TrustedAuthority),
        });
        var responses = new StringBuilder();
        var register = await owner.PostAsJsonAsync("/api/brokers", new
        {
            customerId, name = "Vault", identifier = "vault", endpoint = privateBroker.BaseAddress.ToString(), username = "osb",
            password = RegistrationPassword,
        });
        register.StatusCode.ShouldBe(HttpStatusCode.Created);
        var brokerId = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        responses.Append(await register.Content.ReadAsStringAsync());
        privateBroker.SetCredentials("osb", EditedPassword);
        var edit = await owner.PatchAsJsonAsync($"/api/brokers/{brokerId}", new { password = EditedPassword });
        edit.StatusCode.ShouldBe(HttpStatusCode.OK);
        responses.Append(await edit.Content.ReadAsStringAsync());
        var publish = await owner.PostAsJsonAsync($"/api/brokers/{brokerId}/publications", new
        {
            location = "global", endpoint = publishedBroker.BaseAddress.ToString(), username = "osb", password = PublicationPassword,
        });
        publish.StatusCode.ShouldBe(HttpStatusCode.Created);
        responses.Append(await publish.Content.ReadAsStringAsync());
        responses.Append(await owner.GetStringAsync($"/api/brokers/{brokerId}"));
        responses.Append(await owner.GetStringAsync($"/api/brokers/{brokerId}/publications"));
        responses.Append(await owner.GetStringAsync("/api/brokers"));

        var logs = string.Join('\n', traceApp.Logs.Lines);
        logs.ShouldContain("Microsoft.EntityFrameworkCore", customMessage: "Trace logging of EF Core must be on for this test to mean anything");
        var databaseBytes = traceApp.ReadDatabaseBytes();
        databaseBytes.Length.ShouldBeGreaterThan(0);
        var databaseText = Encoding.UTF8.GetString(databaseBytes) + Encoding.Latin1.GetString(databaseBytes) + Encoding.Unicode.GetString(databaseBytes);

        foreach (var password in new[] { RegistrationPassword, EditedPassword, PublicationPassword })
        {
            foreach (var form in Encodings(password))
            {
                logs.ShouldNotContain(form, Case.Sensitive, "a log line carries a broker password");
                responses.ToString().ShouldNotContain(form, Case.Sensitive, "a response carries a broker password");
                databaseText.ShouldNotContain(form, Case.Sensitive, "a database file carries a broker password in plain text");
            }
        }
    }

    private static IEnumerable<string> Encodings(string password)
    {
        yield return password;
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(password));
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes($"osb:{password}"));
        yield return JsonSerializer.Serialize(password).Trim('"');
        yield return JsonEncodedText.Encode(password).ToString();
        yield return password[..12];
    }
}

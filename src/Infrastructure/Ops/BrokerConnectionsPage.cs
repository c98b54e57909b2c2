using System.Globalization;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure.Ops;

/// <summary>
/// The ops dashboard's "Broker connections" page (X3, A3): every connection's health — healthy or degraded since when,
/// the last transport failure, the next probe — with its work: calls in flight, operations due and waiting, operations
/// waiting for a degraded broker, operations past their deadline; then the operations in flight, soonest due first.
/// Everything a broker sent (errors, names) is HTML-encoded.
/// </summary>
internal sealed class BrokerConnectionsPage : RazorPage
{
    public const string Path = "/broker-connections";

    private const int MaxOperations = 200;

    public override void Execute()
    {
        Layout = new LayoutPage("Broker connections");
        using var scope = Context.GetHttpContext().RequestServices.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var now = DateTimeOffset.UtcNow;

        var connections = (
                from h in db.ConnectionHealth.AsNoTracking()
                join b in db.ServiceBrokers.AsNoTracking() on h.BrokerId equals b.Id
                select new
                {
                    b.Identifier,
                    Location = db.Publications.Where(p => p.Id == h.PublicationId).Select(p => p.LocationIdentifier).FirstOrDefault(),
                    h.State,
                    h.Since,
                    h.LastError,
                    h.ConsecutiveFailures,
                    h.NextProbeAt,
                    InFlight = db.BrokerOperations.Count(o => o.ConnectionId == h.Id && o.ClaimedUntil != null && o.ClaimedUntil >= now),
                    Due = db.BrokerOperations.Count(o => o.ConnectionId == h.Id && o.NextAttemptAt <= now && (o.ClaimedUntil == null || o.ClaimedUntil < now)),
                    AwaitingBroker = db.BrokerOperations.Count(o => o.ConnectionId == h.Id && o.AwaitingBroker),
                    PastDeadline = db.BrokerOperations.Count(o => o.ConnectionId == h.Id && o.Deadline <= now),
                    Total = db.BrokerOperations.Count(o => o.ConnectionId == h.Id),
                })
            .ToList()
            .OrderBy(c => c.State == ConnectionState.Degraded ? 0 : 1).ThenBy(c => c.Identifier, StringComparer.Ordinal).ThenBy(c => c.Location, StringComparer.Ordinal)
            .ToList();

        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Broker connections</h1>");
        WriteLiteral("<p>Each broker's private registration and each publication is a connection with its own budget of calls in flight and its own circuit breaker. A degraded connection takes no new operations (503 <code>broker.unavailable</code>) until a probe finds it answering.</p>");
        WriteLiteral("<div class=\"table-responsive\"><table class=\"table table-striped\" id=\"broker-connections\"><thead><tr>");
        foreach (var heading in new[] { "Connection", "State", "Since", "Failures in a row", "Last error", "Next probe", "In flight", "Due", "Waiting for broker", "Past deadline", "Operations" })
        {
            WriteLiteral("<th>");
            Write(heading);
            WriteLiteral("</th>");
        }

        WriteLiteral("</tr></thead><tbody>");
        foreach (var c in connections)
        {
            Row(
                c.Location is null ? c.Identifier : $"{c.Identifier}@{c.Location}",
                c.State == ConnectionState.Degraded ? "degraded" : "healthy",
                Time(c.Since), c.ConsecutiveFailures, c.LastError ?? string.Empty, c.NextProbeAt is { } probe ? Time(probe) : string.Empty,
                c.InFlight, c.Due, c.AwaitingBroker, c.PastDeadline, c.Total);
        }

        WriteLiteral("</tbody></table></div>");

        var operations = (
                from o in db.BrokerOperations.AsNoTracking()
                join b in db.ServiceBrokers.AsNoTracking() on o.BrokerId equals b.Id
                orderby o.NextAttemptAt
                select new { b.Identifier, o.ConnectionId, o.BrokerId, o.InstanceId, o.BindingId, o.Type, o.Step, o.Attempts, o.NextAttemptAt, o.Deadline, o.LastError, o.ClaimedUntil, o.AwaitingBroker })
            .Take(MaxOperations)
            .ToList();
        WriteLiteral("<h3>Operations in flight</h3>");
        WriteLiteral($"<p>The {MaxOperations} due soonest. Every one also shows to the broker's owners at <code>GET /api/brokers/{{id}}/operations</code>.</p>");
        WriteLiteral("<div class=\"table-responsive\"><table class=\"table table-striped\" id=\"broker-operations\"><thead><tr>");
        foreach (var heading in new[] { "Broker", "Resource", "Operation", "Step", "Attempts", "Next attempt", "Deadline", "Running", "Last error" })
        {
            WriteLiteral("<th>");
            Write(heading);
            WriteLiteral("</th>");
        }

        WriteLiteral("</tr></thead><tbody>");
        foreach (var o in operations)
        {
            Row(
                o.ConnectionId == o.BrokerId ? o.Identifier : $"{o.Identifier} (publication)",
                o.BindingId is { } bindingId ? $"binding {bindingId}" : $"instance {o.InstanceId}",
                o.Type.ToString(), o.Step.ToString(), o.Attempts, Time(o.NextAttemptAt), Time(o.Deadline),
                o.ClaimedUntil >= now ? "yes" : o.AwaitingBroker ? "waits for broker" : string.Empty, o.LastError ?? string.Empty);
        }

        WriteLiteral("</tbody></table></div></div></div>");
    }

    private void Row(params object[] cells)
    {
        WriteLiteral("<tr>");
        foreach (var cell in cells)
        {
            WriteLiteral("<td>");
            Write(cell);
            WriteLiteral("</td>");
        }

        WriteLiteral("</tr>");
    }

    private static string Time(DateTimeOffset at) => at.ToString("u", CultureInfo.InvariantCulture);
}

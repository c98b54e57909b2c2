using System.Data.Common;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Infrastructure.BrokerWork;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Persistence.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Application.Tests.BrokerOperations;

/// <summary>
/// The broker work dispatcher's queries run on every pass and every claim, however many operations are in flight
/// (benchmark P4: ten thousand). Their SQLite query plans, read with <c>EXPLAIN QUERY PLAN</c> on the statements EF Core really
/// sends, use the indexes and never scan the operations table, so the cost of one claim does not grow with the number
/// of operations.
/// </summary>
public sealed class DueWorkQueryPlans : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private SqliteDatabase? _database;

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Claiming_a_connections_next_operation_searches_by_index()
    {
        var connectionId = await SeedAsync();
        var statements = new CapturedStatements();
        await using var db = _database!.NewContext(statements);

        var claimed = await new OperationClaims(db, new DatabaseWriteGate(serializeWrites: true)).ClaimNextAsync(connectionId, 4, Guid.NewGuid(), Now, Now.AddMinutes(1), TestContext.Current.CancellationToken);

        claimed.ShouldNotBeNull("the seeded operations are due");
        var update = statements.Single(s => s.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase));
        var plan = await ExplainAsync(update);
        plan.ShouldContain(d => d.Contains("IX_BrokerOperations_ConnectionId_NextAttemptAt", StringComparison.Ordinal), string.Join("\n", plan));
        plan.ShouldContain(d => CountsInFlightInTheIndex(d), string.Join("\n", plan));
        plan.ShouldNotContain(d => IsFullScanOfOperations(d), string.Join("\n", plan));
        statements.Count().ShouldBe(2, "a read that something is due, and the claim (the step reads what was claimed by the claim)");
        foreach (var statement in statements)
        {
            var steps = await ExplainAsync(statement);
            steps.ShouldNotContain(d => IsFullScanOfOperations(d), statement.CommandText + "\n" + string.Join("\n", steps));
        }
    }

    [Fact]
    public async Task A_lane_that_just_found_work_claims_without_looking_first()
    {
        var connectionId = await SeedAsync();
        var statements = new CapturedStatements();
        await using var db = _database!.NewContext(statements);

        var claimed = await new OperationClaims(db, new DatabaseWriteGate(serializeWrites: true))
            .ClaimNextAsync(connectionId, 4, Guid.NewGuid(), Now, Now.AddMinutes(1), TestContext.Current.CancellationToken, lookFirst: false);

        claimed.ShouldNotBeNull();
        statements.Select(s => s.CommandText.TrimStart()[..6]).ShouldBe(["UPDATE"], "the claim alone");
    }

    [Fact]
    public async Task The_claimed_operation_is_read_by_its_claim_through_the_index()
    {
        var connectionId = await SeedAsync();
        await using var claiming = _database!.NewContext();
        var claim = await new OperationClaims(claiming, new DatabaseWriteGate(serializeWrites: true))
            .ClaimNextAsync(connectionId, 4, Guid.NewGuid(), Now, Now.AddMinutes(1), TestContext.Current.CancellationToken, lookFirst: false);
        claim.ShouldNotBeNull();
        var statements = new CapturedStatements();
        await using var db = _database.NewContext(statements);

        var operation = await new BrokerOperationRepository(db).FindClaimedAsync(claim, TestContext.Current.CancellationToken);

        operation.ShouldNotBeNull().IsClaimedBy(claim.Token).ShouldBeTrue();
        var plan = await ExplainAsync(statements.ShouldHaveSingleItem());
        plan.ShouldContain(d => d.Contains("IX_BrokerOperations_ConnectionId_ClaimedUntil", StringComparison.Ordinal), string.Join("\n", plan));
    }

    [Fact]
    public async Task Finding_nothing_due_writes_nothing()
    {
        var connectionId = await SeedAsync();
        var statements = new CapturedStatements();
        await using var db = _database!.NewContext(statements);

        var claimed = await new OperationClaims(db, new DatabaseWriteGate(serializeWrites: true))
            .ClaimNextAsync(connectionId, 4, Guid.NewGuid(), Now.AddDays(-1), Now.AddMinutes(1), TestContext.Current.CancellationToken);

        claimed.ShouldBeNull("nothing was due a day earlier");
        statements.ShouldHaveSingleItem().CommandText.TrimStart().ShouldStartWith("SELECT");
    }

    [Fact]
    public async Task Finding_the_connections_with_work_searches_by_index()
    {
        await SeedAsync();
        var statements = new CapturedStatements();
        await using var db = _database!.NewContext(statements);

        var work = await new ConnectionWorkQuery(db, new DatabaseWriteGate(serializeWrites: true)).WithWorkAsync(Now, 4, TestContext.Current.CancellationToken);

        work.Count.ShouldBe(3);
        work.ShouldAllBe(w => w.DueOperations == 4, "hundreds are due on each connection; the count stops at the ceiling");
        var plan = await ExplainAsync(statements.Single(s => s.CommandText.Contains("ConnectionHealth", StringComparison.Ordinal)));
        plan.ShouldContain(d => CountsInFlightInTheIndex(d), string.Join("\n", plan));
        plan.ShouldNotContain(d => IsFullScanOfOperations(d), string.Join("\n", plan));
    }

    /// <summary>
    /// Calls in flight on a connection are counted from an index alone: reading each operation's row instead cost 2–3 ms
    /// per count at ten thousand operations.
    /// </summary>
    private static bool CountsInFlightInTheIndex(string detail) =>
        detail.Contains("COVERING INDEX IX_BrokerOperations_ConnectionId_ClaimedUntil", StringComparison.Ordinal);

    /// <summary>A scan of the whole operations table (a covering-index scan or a search would name an index).</summary>
    private static bool IsFullScanOfOperations(string detail) =>
        detail.StartsWith("SCAN ", StringComparison.Ordinal) && detail.Contains("BrokerOperations", StringComparison.Ordinal)
        && !detail.Contains("INDEX", StringComparison.Ordinal);

    /// <summary>Three connections with 3,000 operations in flight: due, claimed and later ones.</summary>
    private async Task<Guid> SeedAsync()
    {
        _database = await SqliteDatabase.CreateAsync();
        await using var db = _database.NewContext();
        var customer = Domain.Tenancy.Customer.Create("acme", "ACME", Now);
        var project = Domain.Tenancy.Project.Create(customer.Id, "web", "Web", Now);
        db.Customers.Add(customer);
        db.Projects.Add(project);
        Guid first = default;
        for (var c = 0; c < 3; c++)
        {
            var broker = ServiceBroker.Register(
                new BrokerRegistration(customer.Id, $"Broker {c}", $"broker-{c}", "http://broker.example.test", "u", "p", false, null), Now);
            db.ServiceBrokers.Add(broker);
            db.ConnectionHealth.Add(ConnectionHealth.For(broker.Id, null, Now));
            first = c == 0 ? broker.Id : first;
            for (var i = 0; i < 1000; i++)
            {
                var instance = ServiceInstance.Provision(
                    project.Id, new BrokerConnectionRef(broker.Id, null), new OfferingRef(Guid.NewGuid(), Guid.NewGuid(), "svc", "plan"),
                    planIsActive: true, $"db-{c}-{i}", null, Now.AddMinutes(-i % 7));
                db.BrokerOperations.Add(BrokerOperation.Provision(instance, "{}", "alice", Now.AddSeconds(i % 3 == 0 ? 30 : -i), Now.AddDays(1)));
            }
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return first;
    }

    private async Task<List<string>> ExplainAsync(DbCommand statement)
    {
        await using var explain = _database!.Connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + statement.CommandText;
        foreach (DbParameter parameter in statement.Parameters)
        {
            explain.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.Value ?? DBNull.Value));
        }

        var details = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            details.Add(reader.GetString(3));
        }

        return details;
    }

    /// <summary>Copies of the statements a context sends (text and parameters), to explain them afterwards.</summary>
    private sealed class CapturedStatements : DbCommandInterceptor, IEnumerable<DbCommand>
    {
        private readonly List<DbCommand> _statements = [];

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Capture(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Capture(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public IEnumerator<DbCommand> GetEnumerator() => _statements.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private void Capture(DbCommand command)
        {
            var copy = new SqliteCommand(command.CommandText);
            foreach (DbParameter parameter in command.Parameters)
            {
                copy.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.Value ?? DBNull.Value));
            }

            _statements.Add(copy);
        }
    }
}

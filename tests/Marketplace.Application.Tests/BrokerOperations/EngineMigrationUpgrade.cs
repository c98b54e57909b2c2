using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Application.Tests.BrokerOperations;

/// <summary>
/// Nothing in flight is lost when a marketplace of the previous version is upgraded: an operation stored before the
/// operation engine keeps its deadline (converted from text to sortable ticks), goes to the connection of its instance,
/// and every existing connection — the private registration and each publication — starts healthy.
/// </summary>
public sealed class EngineMigrationUpgrade : IAsyncDisposable
{
    private const string LastMigrationBefore = "20261126000731_InstancesBindingsOperations";

    private static readonly Guid CustomerId = Guid.NewGuid();
    private static readonly Guid ProjectId = Guid.NewGuid();
    private static readonly Guid BrokerId = Guid.NewGuid();
    private static readonly Guid PublicationId = Guid.NewGuid();
    private static readonly Guid PrivateInstanceId = Guid.NewGuid();
    private static readonly Guid PublishedInstanceId = Guid.NewGuid();
    private static readonly DateTimeOffset Deadline = new(2026, 12, 24, 18, 30, 15, 250, TimeSpan.Zero);

    private SqliteDatabase? _database;

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Operations_in_flight_keep_their_deadline_and_find_their_connection_and_connections_start_healthy()
    {
        _database = await SqliteDatabase.CreateAsync(LastMigrationBefore);
        await ExecuteAsync(
            $"INSERT INTO Customers (Id, CreatedAt, Identifier, Name, Version) VALUES ('{Text(CustomerId)}', '2026-01-01 00:00:00+00:00', 'acme', 'Acme', '{Text(Guid.NewGuid())}')",
            $"INSERT INTO Projects (Id, CreatedAt, CustomerId, Identifier, Name, Version) VALUES ('{Text(ProjectId)}', '2026-01-01 00:00:00+00:00', '{Text(CustomerId)}', 'web', 'Web', '{Text(Guid.NewGuid())}')",
            $"INSERT INTO ServiceBrokers (Id, CustomerId, Name, Identifier, Endpoint, Username, ProtectedPassword, DevelopmentMode, RequestTimeoutSeconds, RegisteredAt, Version) VALUES ('{Text(BrokerId)}', '{Text(CustomerId)}', 'B', 'broker', 'http://b', 'u', 'p', 0, 60, '2026-01-02 00:00:00+00:00', '{Text(Guid.NewGuid())}')",
            $"INSERT INTO Publications (Id, BrokerId, LocationIdentifier, Endpoint, Username, ProtectedPassword, Status, RequestedAt) VALUES ('{Text(PublicationId)}', '{Text(BrokerId)}', 'eu-west', 'https://b', 'u', 'p', 'Approved', '2026-01-03 00:00:00+00:00')",
            Instance(PrivateInstanceId, null),
            Instance(PublishedInstanceId, PublicationId),
            Operation(PrivateInstanceId),
            Operation(PublishedInstanceId));

        await _database.MigrateAsync();

        await using var db = _database.NewContext();
        var operations = await db.BrokerOperations.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        operations.Count.ShouldBe(2);
        operations.ShouldAllBe(o => Math.Abs((o.Deadline - Deadline).TotalMilliseconds) < 1, string.Join(", ", operations.Select(o => o.Deadline)));
        operations.Single(o => o.InstanceId == PrivateInstanceId).ConnectionId.ShouldBe(BrokerId);
        operations.Single(o => o.InstanceId == PublishedInstanceId).ConnectionId.ShouldBe(PublicationId);
        var health = await db.ConnectionHealth.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        health.Select(h => h.Id).Order().ShouldBe(new[] { BrokerId, PublicationId }.Order());
        health.ShouldAllBe(h => h.State == Domain.Brokers.ConnectionState.Healthy && h.BrokerId == BrokerId);
        (await db.BrokerOperations.CountAsync(o => o.Deadline <= Deadline.AddSeconds(1), TestContext.Current.CancellationToken)).ShouldBe(2, "deadlines compare in SQL");
        (await db.BrokerOperations.CountAsync(o => o.Deadline <= Deadline.AddSeconds(-1), TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    private static string Instance(Guid id, Guid? publicationId) =>
        "INSERT INTO ServiceInstances (Id, ProjectId, BrokerId, PublicationId, ServiceId, PlanId, BrokerServiceId, BrokerPlanId, Name, State, Usable, " +
        "CreatedAt, WasCreated, LastOperationType, LastOperationState, LastOperationStartedAt, LastOperationUpdatedAt, Version) VALUES " +
        $"('{Text(id)}', '{Text(ProjectId)}', '{Text(BrokerId)}', {(publicationId is { } p ? $"'{Text(p)}'" : "NULL")}, '{Text(Guid.NewGuid())}', " +
        $"'{Text(Guid.NewGuid())}', 'svc', 'plan', 'db-{id:N}', 'Creating', 0, '2026-12-24 18:00:00+00:00', 0, 'Create', 'InProgress', " +
        $"'2026-12-24 18:00:00+00:00', '2026-12-24 18:00:00+00:00', '{Text(Guid.NewGuid())}')";

    /// <summary>An operation as the previous version stored it: the deadline as text, the due time as binary ticks.</summary>
    private static string Operation(Guid instanceId) =>
        "INSERT INTO BrokerOperations (Id, BrokerId, InstanceId, Type, Step, BrokerServiceId, BrokerPlanId, StartedAt, Deadline, NextAttemptAt, " +
        "Attempts, BindingsRetrievable, Version) VALUES " +
        $"('{Text(Guid.NewGuid())}', '{Text(BrokerId)}', '{Text(instanceId)}', 'Create', 'Polling', 'svc', 'plan', '2026-12-24 18:00:00+00:00', " +
        $"'2026-12-24 18:30:15.25+00:00', 0, 0, 0, '{Text(Guid.NewGuid())}')";

    /// <summary>Guids as EF Core stores them in SQLite: upper-case text.</summary>
    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private async Task ExecuteAsync(params string[] statements)
    {
        foreach (var sql in statements)
        {
            await using var command = new SqliteCommand(sql, _database!.Connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }
}

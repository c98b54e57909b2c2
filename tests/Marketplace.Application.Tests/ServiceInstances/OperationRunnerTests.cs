using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.ServiceInstances.Operations;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Marketplace.Application.Tests.ServiceInstances;

/// <summary>
/// <see cref="OperationRunner"/> runs one claimed step of a provision against a substituted broker client, on a real
/// (in-memory SQLite) database: a 202 starts polling with the broker's token, a <c>succeeded</c> poll makes the
/// instance ready and ends the operation, a 500 fails the create and starts orphan mitigation without originating
/// identity, a 400 fails it without, a <c>ConcurrencyError</c> retries the same request, and a worker that lost its
/// claim calls nothing.
/// </summary>
public sealed class OperationRunnerTests : IAsyncDisposable
{
    private static readonly OsbPlanRef Plan = new("pg-service", "pg-small");

    private readonly IServiceBrokerClient _client = Substitute.For<IServiceBrokerClient>();
    private readonly ISecretProtector _secrets = Substitute.For<ISecretProtector>();
    private readonly ICatalogRefreshJobs _catalogRefreshes = Substitute.For<ICatalogRefreshJobs>();
    private SqliteDatabase? _database;

    public OperationRunnerTests()
    {
        _secrets.Unprotect(Arg.Any<string>()).Returns("broker-password");
        _secrets.Protect(Arg.Any<string>()).Returns(call => "protected:" + call.Arg<string>());
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_202_starts_polling_with_the_brokers_operation_token_and_releases_the_claim()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, """{"plan_id":"pg-small"}""", Arg.Any<CancellationToken>())
            .Returns(Answer(202, """{"operation":"op-1","description":"Queued"}"""));

        await RunClaimedAsync(operationId);

        await _client.Received(1).ProvisionAsync(
            Arg.Is<BrokerConnection>(c => c.OriginatingUserId == "alice" && c.Password == "broker-password"), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>());
        await using var db = _database!.NewContext();
        var operation = await db.BrokerOperations.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        operation.Step.ShouldBe(OperationStep.Polling);
        operation.OperationToken.ShouldBe("op-1");
        operation.ClaimToken.ShouldBeNull();
        operation.ClaimedUntil.ShouldBeNull();
        var instance = await db.ServiceInstances.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        instance.State.ShouldBe(ServiceInstanceState.Creating);
        instance.LastOperation.Description.ShouldBe("Queued");
    }

    [Fact]
    public async Task A_succeeded_poll_echoes_the_token_makes_the_instance_ready_and_ends_the_operation()
    {
        var (instanceId, operationId) = await SeedProvisionAsync(o => o.StartPolling("op-1", o.StartedAt));
        _client.PollInstanceAsync(Arg.Any<BrokerConnection>(), instanceId, Plan, "op-1", Arg.Any<CancellationToken>())
            .Returns(Answer(200, """{"state":"succeeded","description":"Ready to use"}"""));

        await RunClaimedAsync(operationId);

        await using var db = _database!.NewContext();
        (await db.BrokerOperations.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        var instance = await db.ServiceInstances.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBeTrue();
        instance.LastOperation.State.ShouldBe(OperationState.Succeeded);
        instance.LastOperation.Description.ShouldBe("Ready to use");
    }

    [Fact]
    public async Task A_500_fails_the_create_and_starts_orphan_mitigation_without_originating_identity()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Answer(500, """{"description":"Boom"}"""));

        await RunClaimedAsync(operationId);

        await using var db = _database!.NewContext();
        var operation = await db.BrokerOperations.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        operation.Step.ShouldBe(OperationStep.OrphanMitigation);
        operation.OriginatingUserId.ShouldBeNull();
        var instance = await db.ServiceInstances.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.LastOperation.Description.ShouldBe("The broker answered the provision with HTTP 500: Boom");
    }

    [Fact]
    public async Task A_400_fails_the_create_and_ends_the_operation_without_orphan_mitigation()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Answer(400, """{"error":"BadRequest","description":"Size is required"}"""));

        await RunClaimedAsync(operationId);

        await using var db = _database!.NewContext();
        (await db.BrokerOperations.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        var instance = await db.ServiceInstances.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.LastOperation.Description.ShouldBe("The broker answered the provision with HTTP 400 (BadRequest): Size is required");
        await _client.DidNotReceiveWithAnyArgs().DeprovisionAsync(default!, default, default!, default);
    }

    [Fact]
    public async Task A_ConcurrencyError_retries_the_same_request_later()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Answer(422, """{"error":"ConcurrencyError"}"""));
        var before = DateTimeOffset.UtcNow;

        await RunClaimedAsync(operationId);

        await using var db = _database!.NewContext();
        var operation = await db.BrokerOperations.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        operation.Step.ShouldBe(OperationStep.Request);
        operation.Attempts.ShouldBe(1);
        operation.NextAttemptAt.ShouldBeGreaterThan(before);
        operation.LastError.ShouldBe("The broker answered the provision with HTTP 422 (ConcurrencyError).");
        var instance = await db.ServiceInstances.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        instance.State.ShouldBe(ServiceInstanceState.Creating);
    }

    [Fact]
    public async Task A_worker_whose_claim_another_worker_holds_calls_nothing_and_changes_nothing()
    {
        var (_, operationId) = await SeedProvisionAsync();
        await ClaimAsync(operationId, Guid.NewGuid());

        await RunAsync(operationId, Guid.NewGuid());

        _client.ReceivedCalls().ShouldBeEmpty();
        await using var db = _database!.NewContext();
        var operation = await db.BrokerOperations.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        operation.Step.ShouldBe(OperationStep.Request);
        operation.Attempts.ShouldBe(0);
    }

    private static Task<BrokerCallResult> Answer(int status, string body) =>
        Task.FromResult(new BrokerCallResult(BrokerCallOutcome.Answered, status, body, null, "request-1", TimeSpan.FromMilliseconds(2)));

    /// <summary>A customer, project and broker, and an instance being provisioned with its operation due now.</summary>
    private async Task<(Guid InstanceId, Guid OperationId)> SeedProvisionAsync(Action<BrokerOperation>? prepare = null)
    {
        _database = await SqliteDatabase.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        await using var db = _database.NewContext();
        var customer = Customer.Create("acme", "ACME", now);
        var project = Project.Create(customer.Id, "web", "Web shop", now);
        var broker = ServiceBroker.Register(
            new BrokerRegistration(customer.Id, "Postgres", "postgres", "http://broker.example.test", "osb", "protected", true, 5), now);
        var instance = ServiceInstance.Provision(
            project.Id, new BrokerConnectionRef(broker.Id, null), new OfferingRef(Guid.NewGuid(), Guid.NewGuid(), Plan.ServiceId, Plan.PlanId),
            "orders-db", null, now);
        var operation = BrokerOperation.Start(
            instance, null, OperationType.Create, OperationStep.Request, """{"plan_id":"pg-small"}""", "alice", now, now.AddMinutes(10));
        prepare?.Invoke(operation);
        db.Customers.Add(customer);
        db.Projects.Add(project);
        db.ServiceBrokers.Add(broker);
        db.ServiceInstances.Add(instance);
        db.BrokerOperations.Add(operation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (instance.Id, operation.Id);
    }

    private async Task RunClaimedAsync(Guid operationId)
    {
        var claimToken = Guid.NewGuid();
        await ClaimAsync(operationId, claimToken);
        await RunAsync(operationId, claimToken);
    }

    private async Task ClaimAsync(Guid operationId, Guid claimToken)
    {
        await using var db = _database!.NewContext();
        var now = DateTimeOffset.UtcNow;
        (await new OperationClaims(db).TryClaimAsync(operationId, claimToken, now, now.AddMinutes(1), TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    private async Task RunAsync(Guid operationId, Guid claimToken)
    {
        await using var db = _database!.NewContext();
        var runner = new OperationRunner(
            new BrokerOperationRepository(db),
            new ServiceInstanceRepository(db),
            new ServiceBindingRepository(db),
            new ServiceBrokerRepository(db),
            _client,
            new BrokerConnections(_secrets),
            _secrets,
            _catalogRefreshes,
            new UnitOfWork(db),
            new OperationClaims(db),
            new OperationTiming(new OperationsOptions()),
            TimeProvider.System,
            NullLogger<OperationRunner>.Instance);
        await runner.RunAsync(operationId, claimToken, TestContext.Current.CancellationToken);
    }
}

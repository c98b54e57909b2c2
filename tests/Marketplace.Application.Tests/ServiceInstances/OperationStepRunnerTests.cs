using System.Security.Cryptography;
using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Osb;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;
using Marketplace.Infrastructure.BrokerWork;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Marketplace.Application.Tests.ServiceInstances;

/// <summary>
/// <see cref="OperationStepRunner"/> runs one claimed step of a provision against a substituted broker client, on a
/// real (in-memory SQLite) database. A 202 starts polling with the broker's token; a <c>succeeded</c> poll makes the
/// instance ready and ends the operation; a 500 fails the create and starts orphan mitigation, whose delete goes out
/// without originating identity; a 400 fails it without; a <c>ConcurrencyError</c> retries the same request; a
/// failure's <c>lastOperation</c> carries the broker's error code and the call's request identity. A worker that does
/// not hold the claim calls nothing, and one that loses its claim, or whose operation a user supersedes, while its
/// broker call is in flight saves nothing. A superseded operation ends at its next step without a broker call. A step
/// that fails inside the marketplace is counted and retried; once <see cref="BrokerOperationOptions.MaxStepFailures"/>
/// is reached, or when the broker's password cannot be decrypted, the create fails without a broker call.
/// </summary>
public sealed class OperationStepRunnerTests : IAsyncDisposable
{
    private const string RequestJson = """{"plan_id":"pg-small"}""";

    private static readonly OsbPlanRef Plan = new("pg-service", "pg-small");

    private readonly IServiceBrokerClient _client = Substitute.For<IServiceBrokerClient>();
    private readonly ISecretProtector _secrets = Substitute.For<ISecretProtector>();
    private readonly ICatalogRefreshJobs _catalogRefreshes = Substitute.For<ICatalogRefreshJobs>();
    private readonly BrokerOperationOptions _options = new() { MaxStepFailures = 3 };
    private SqliteDatabase? _database;

    public OperationStepRunnerTests()
    {
        _secrets.Unprotect(Arg.Any<string>()).Returns("broker-password");
        _secrets.Protect(Arg.Any<string>()).Returns(call => "protected:" + call.Arg<string>());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, RequestJson, Arg.Any<CancellationToken>())
            .Returns(Answer(OsbCall.Provision, 202, """{"operation":"op-1","description":"Queued"}"""));

        await RunClaimedAsync(operationId);

        await _client.Received(1).ProvisionAsync(
            Arg.Is<BrokerConnection>(c => c.OriginatingUserId == "alice" && c.Password == "broker-password"), instanceId, RequestJson,
            Arg.Any<CancellationToken>());
        var operation = await LoadOperationAsync();
        operation.Step.ShouldBe(OperationStep.Polling);
        operation.OperationToken.ShouldBe("op-1");
        operation.ClaimToken.ShouldBeNull();
        operation.ClaimedUntil.ShouldBeNull();
        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Creating);
        instance.LastOperation.Description.ShouldBe("Queued");
    }

    [Fact]
    public async Task A_succeeded_poll_echoes_the_token_makes_the_instance_ready_and_ends_the_operation()
    {
        var (instanceId, operationId) = await SeedProvisionAsync(
            (o, now) => o.Apply(new StepOutcome.Polls("op-1", now, "Queued", null), now));
        _client.PollInstanceAsync(Arg.Any<BrokerConnection>(), instanceId, Plan, "op-1", Arg.Any<CancellationToken>())
            .Returns(Answer(OsbCall.PollInstance, 200, """{"state":"succeeded","description":"Ready to use"}"""));

        await RunClaimedAsync(operationId);

        await _client.Received(1).PollInstanceAsync(Arg.Any<BrokerConnection>(), instanceId, Plan, "op-1", Arg.Any<CancellationToken>());
        (await CountOperationsAsync()).ShouldBe(0);
        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Ready);
        instance.Usable.ShouldBeTrue();
        instance.LastOperation.State.ShouldBe(OperationState.Succeeded);
        instance.LastOperation.Description.ShouldBe("Ready to use");
        instance.LastOperation.RequestId.ShouldBe("request-1");
    }

    [Fact]
    public async Task A_500_fails_the_create_and_starts_orphan_mitigation_whose_delete_sends_no_originating_identity()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Answer(OsbCall.Provision, 500, """{"description":"Boom"}"""));
        _client.DeprovisionAsync(Arg.Any<BrokerConnection>(), instanceId, Plan, Arg.Any<CancellationToken>())
            .Returns(Answer(OsbCall.Deprovision, 200, "{}"));

        await RunClaimedAsync(operationId);

        var operation = await LoadOperationAsync();
        operation.Step.ShouldBe(OperationStep.OrphanMitigation);
        operation.OriginatingUserId.ShouldBeNull();
        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.LastOperation.State.ShouldBe(OperationState.Failed);
        instance.LastOperation.Description.ShouldBe("The broker answered the provision with HTTP 500: Boom.");
        instance.LastOperation.Code.ShouldBe("http_500");
        await _client.DidNotReceiveWithAnyArgs().DeprovisionAsync(default!, default, default!, default);

        await RunClaimedAsync(operationId);

        await _client.Received(1).DeprovisionAsync(
            Arg.Is<BrokerConnection>(c => c.OriginatingUserId == null), instanceId, Plan, Arg.Any<CancellationToken>());
        (await CountOperationsAsync()).ShouldBe(0);
        (await LoadInstanceAsync()).State.ShouldBe(ServiceInstanceState.Failed);
    }

    [Fact]
    public async Task A_400_fails_the_create_and_ends_the_operation_without_orphan_mitigation()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Answer(OsbCall.Provision, 400, """{"error":"BadRequest","description":"Size is required"}"""));

        await RunClaimedAsync(operationId);

        (await CountOperationsAsync()).ShouldBe(0);
        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.LastOperation.Description.ShouldBe("The broker answered the provision with HTTP 400 (BadRequest): Size is required.");
        await _client.DidNotReceiveWithAnyArgs().DeprovisionAsync(default!, default, default!, default);
    }

    [Fact]
    public async Task A_failed_step_records_the_brokers_error_code_and_the_calls_request_identity_in_lastOperation()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Answer(OsbCall.Provision, 422, """{"error":"QuotaExceeded","description":"No more databases"}""", requestId: "req-1"));

        await RunClaimedAsync(operationId);

        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.LastOperation.Code.ShouldBe("QuotaExceeded");
        instance.LastOperation.RequestId.ShouldBe("req-1");
        instance.LastOperation.Description.ShouldBe("The broker answered the provision with HTTP 422 (QuotaExceeded): No more databases.");
    }

    [Fact]
    public async Task A_ConcurrencyError_retries_the_same_request_later()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Answer(OsbCall.Provision, 422, """{"error":"ConcurrencyError"}"""));
        var before = DateTimeOffset.UtcNow;

        await RunClaimedAsync(operationId);

        var operation = await LoadOperationAsync();
        operation.Step.ShouldBe(OperationStep.Request);
        operation.RequestJson.ShouldBe(RequestJson);
        operation.Attempts.ShouldBe(1);
        operation.NextAttemptAt.ShouldBeGreaterThan(before);
        operation.LastError.ShouldBe("The broker answered the provision with HTTP 422 (ConcurrencyError).");
        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Creating);
        instance.LastOperation.State.ShouldBe(OperationState.InProgress);
    }

    [Fact]
    public async Task A_worker_whose_claim_another_worker_holds_calls_nothing_and_changes_nothing()
    {
        var (_, operationId) = await SeedProvisionAsync();
        var otherWorker = Guid.NewGuid();
        await ClaimAsync(operationId, otherWorker);

        await RunAsync(operationId, Guid.NewGuid());

        _client.ReceivedCalls().ShouldBeEmpty();
        var operation = await LoadOperationAsync();
        operation.Step.ShouldBe(OperationStep.Request);
        operation.Attempts.ShouldBe(0);
        operation.ClaimToken.ShouldBe(otherWorker);
    }

    [Fact]
    public async Task A_superseded_operation_ends_at_its_next_step_without_calling_the_broker()
    {
        var (_, operationId) = await SeedProvisionAsync((o, now) => o.Supersede(now));

        await RunClaimedAsync(operationId);

        _client.ReceivedCalls().ShouldBeEmpty();
        (await CountOperationsAsync()).ShouldBe(0);
        (await LoadInstanceAsync()).State.ShouldBe(ServiceInstanceState.Creating);
    }

    [Fact]
    public async Task A_worker_whose_claim_another_worker_took_while_its_broker_call_was_in_flight_saves_nothing()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        var seeded = await LoadInstanceAsync();
        var otherWorker = Guid.NewGuid();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(async _ =>
            {
                // Our claim lapsed mid-call and another worker claimed the operation.
                await using var db = _database!.NewContext();
                await db.BrokerOperations.Where(o => o.Id == operationId).ExecuteUpdateAsync(
                    s => s.SetProperty(o => o.ClaimToken, otherWorker).SetProperty(o => o.ClaimedUntil, DateTimeOffset.UtcNow.AddMinutes(1)), Ct);
                return await Answer(OsbCall.Provision, 500, """{"description":"Boom"}""");
            });

        await RunClaimedAsync(operationId);

        await _client.Received(1).ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>());
        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Creating);
        instance.LastOperation.State.ShouldBe(OperationState.InProgress);
        instance.Version.ShouldBe(seeded.Version);
        var operation = await LoadOperationAsync();
        operation.ClaimToken.ShouldBe(otherWorker);
        operation.Step.ShouldBe(OperationStep.Request);
        operation.OriginatingUserId.ShouldBe("alice");
        operation.InternalFailures.ShouldBe(0);
    }

    [Fact]
    public async Task An_operation_a_user_superseded_while_its_broker_call_was_in_flight_saves_nothing_of_that_step_and_ends_at_the_next()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        var seeded = await LoadInstanceAsync();
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(async _ =>
            {
                // A user's delete replaced the create mid-call.
                await using var db = _database!.NewContext();
                await db.BrokerOperations.Where(o => o.Id == operationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Superseded, true), Ct);
                return await Answer(OsbCall.Provision, 201, """{"dashboard_url":"https://dash.example.test"}""");
            });

        await RunClaimedAsync(operationId);

        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Creating);
        instance.DashboardUrl.ShouldBeNull();
        instance.Version.ShouldBe(seeded.Version);
        var operation = await LoadOperationAsync();
        operation.Superseded.ShouldBeTrue();
        operation.Step.ShouldBe(OperationStep.Request);
        operation.ClaimToken.ShouldBeNull(); // released, so the next claim can end it

        await RunClaimedAsync(operationId);

        await _client.Received(1).ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>());
        (await CountOperationsAsync()).ShouldBe(0);
        (await LoadInstanceAsync()).State.ShouldBe(ServiceInstanceState.Creating);
    }

    [Fact]
    public async Task A_step_that_fails_inside_the_marketplace_is_counted_and_tried_again_later()
    {
        var (_, operationId) = await SeedProvisionAsync();
        _secrets.Unprotect(Arg.Any<string>()).Throws(new InvalidOperationException("a bug"));
        var before = DateTimeOffset.UtcNow;

        await RunClaimedAsync(operationId);

        _client.ReceivedCalls().ShouldBeEmpty();
        var operation = await LoadOperationAsync();
        operation.InternalFailures.ShouldBe(1);
        operation.LastError.ShouldBe("The marketplace could not complete this step (InvalidOperationException); it will try again.");
        operation.NextAttemptAt.ShouldBeGreaterThan(before);
        operation.ClaimToken.ShouldBeNull();
        operation.Step.ShouldBe(OperationStep.Request);
        (await LoadInstanceAsync()).State.ShouldBe(ServiceInstanceState.Creating);
    }

    [Fact]
    public async Task After_MaxStepFailures_internal_failures_the_next_run_fails_the_create_with_internal_error_and_starts_orphan_mitigation_without_a_broker_call()
    {
        var (_, operationId) = await SeedProvisionAsync();
        await SetInternalFailuresAsync(operationId, _options.MaxStepFailures, "The marketplace could not complete this step (DbUpdateException); it will try again.");

        await RunClaimedAsync(operationId);

        _client.ReceivedCalls().ShouldBeEmpty();
        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.LastOperation.State.ShouldBe(OperationState.Failed);
        instance.LastOperation.Code.ShouldBe("internal_error");
        instance.LastOperation.Description.ShouldBe(
            "The marketplace could not complete this operation after 3 attempt(s). The marketplace could not complete this step (DbUpdateException); it will try again.");
        var operation = await LoadOperationAsync();
        operation.Step.ShouldBe(OperationStep.OrphanMitigation);
        operation.OriginatingUserId.ShouldBeNull();
    }

    [Fact]
    public async Task Fewer_internal_failures_than_MaxStepFailures_still_call_the_broker()
    {
        var (instanceId, operationId) = await SeedProvisionAsync();
        await SetInternalFailuresAsync(operationId, _options.MaxStepFailures - 1, "The marketplace could not complete this step (DbUpdateException); it will try again.");
        _client.ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Answer(OsbCall.Provision, 202, """{"operation":"op-1"}"""));

        await RunClaimedAsync(operationId);

        await _client.Received(1).ProvisionAsync(Arg.Any<BrokerConnection>(), instanceId, Arg.Any<string>(), Arg.Any<CancellationToken>());
        (await LoadOperationAsync()).Step.ShouldBe(OperationStep.Polling);
        (await LoadInstanceAsync()).State.ShouldBe(ServiceInstanceState.Creating);
    }

    [Fact]
    public async Task A_broker_password_that_cannot_be_decrypted_fails_the_create_with_credentials_unreadable_without_a_broker_call()
    {
        var (_, operationId) = await SeedProvisionAsync();
        _secrets.Unprotect(Arg.Any<string>()).Throws(new CryptographicException("The key was not found in the key ring."));

        await RunClaimedAsync(operationId);

        _client.ReceivedCalls().ShouldBeEmpty();
        var instance = await LoadInstanceAsync();
        instance.State.ShouldBe(ServiceInstanceState.Failed);
        instance.LastOperation.Code.ShouldBe("credentials_unreadable");
        instance.LastOperation.Description.ShouldBe(
            "The broker's stored credentials cannot be decrypted (the key ring changed); its owner must set the password again.");
        var operation = await LoadOperationAsync();
        operation.InternalFailures.ShouldBe(0);
        operation.ClaimToken.ShouldBeNull();
    }

    /// <summary>What the broker client returns: the answer read as the real client reads it, with the request identity it sent.</summary>
    private static Task<OsbAnswer> Answer(OsbCall call, int status, string body, string requestId = "request-1") =>
        Task.FromResult(OsbAnswerReader.Read(call, status, body, null, DateTimeOffset.UtcNow) with
        {
            RequestId = requestId,
            Duration = TimeSpan.FromMilliseconds(2),
        });

    /// <summary>A customer, project and broker, and an instance being provisioned by alice with its operation due now.</summary>
    private async Task<(Guid InstanceId, Guid OperationId)> SeedProvisionAsync(Action<BrokerOperation, DateTimeOffset>? prepare = null)
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
            planIsActive: true, "orders-db", null, now);
        var operation = BrokerOperation.Provision(instance, RequestJson, "alice", now, now.AddMinutes(10));
        prepare?.Invoke(operation, now);
        db.Customers.Add(customer);
        db.Projects.Add(project);
        db.ServiceBrokers.Add(broker);
        db.ServiceInstances.Add(instance);
        db.BrokerOperations.Add(operation);
        await db.SaveChangesAsync(Ct);
        return (instance.Id, operation.Id);
    }

    private async Task SetInternalFailuresAsync(Guid operationId, int failures, string lastError)
    {
        await using var db = _database!.NewContext();
        await db.BrokerOperations.Where(o => o.Id == operationId).ExecuteUpdateAsync(
            s => s.SetProperty(o => o.InternalFailures, failures).SetProperty(o => o.LastError, lastError), Ct);
    }

    private async Task<BrokerOperation> LoadOperationAsync()
    {
        await using var db = _database!.NewContext();
        return await db.BrokerOperations.AsNoTracking().SingleAsync(Ct);
    }

    private async Task<int> CountOperationsAsync()
    {
        await using var db = _database!.NewContext();
        return await db.BrokerOperations.CountAsync(Ct);
    }

    private async Task<ServiceInstance> LoadInstanceAsync()
    {
        await using var db = _database!.NewContext();
        return await db.ServiceInstances.AsNoTracking().SingleAsync(Ct);
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
        (await new OperationClaims(db, new DatabaseWriteGate(serializeWrites: true)).TryClaimAsync(operationId, claimToken, now, now.AddMinutes(1), Ct)).ShouldBeTrue();
    }

    private async Task RunAsync(Guid operationId, Guid claimToken)
    {
        await using var db = _database!.NewContext();
        var newCatalogs = new NewCatalogs();
        var runner = new OperationStepRunner(
            new BrokerOperationRepository(db),
            new ServiceInstanceRepository(db),
            new ServiceBindingRepository(db),
            new ServiceBrokerRepository(db),
            new ConnectionCircuits(new KnownHealthyConnections(), db),
            _client,
            new BrokerConnections(_secrets),
            _secrets,
            new CatalogRepository(db, new DatabaseWriteGate(serializeWrites: true), new BrokerWorkSignal(), newCatalogs),
            new UnitOfWork(db, new DatabaseWriteGate(serializeWrites: true), new BrokerWorkSignal(), newCatalogs, NullLogger<UnitOfWork>.Instance),
            new OperationClaims(db, new DatabaseWriteGate(serializeWrites: true)),
            _options,
            TimeProvider.System,
            NullLogger<OperationStepRunner>.Instance);
        await runner.RunAsync(operationId, claimToken, Ct);
    }
}

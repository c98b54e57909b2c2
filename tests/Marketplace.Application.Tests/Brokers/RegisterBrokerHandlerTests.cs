using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Brokers.RegisterBroker;
using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.Osb;
using Marketplace.Domain.Tenancy;
using Marketplace.Infrastructure.BrokerWork;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Marketplace.Application.Tests.Brokers;

public sealed class RegisterBrokerHandlerTests
{
    private readonly ICurrentUser _alice = Substitute.For<ICurrentUser>();
    private readonly ISecretProtector _secrets = Substitute.For<ISecretProtector>();
    private readonly IServiceBrokerClient _broker = Substitute.For<IServiceBrokerClient>();
    private readonly ICatalogRefreshJobs _jobs = Substitute.For<ICatalogRefreshJobs>();

    private const string Catalog = """
        { "services": [ { "id": "svc", "name": "db", "description": "A database", "bindable": true,
          "plans": [ { "id": "small", "name": "small", "description": "Small" } ] } ] }
        """;

    public RegisterBrokerHandlerTests()
    {
        _alice.UserId.Returns("alice");
        _secrets.Protect(Arg.Any<string>()).Returns(call => "protected:" + call.Arg<string>().Length);
        _broker.FetchCatalogAsync(Arg.Any<BrokerConnection>(), Arg.Any<CancellationToken>())
            .Returns(OsbAnswerReader.Read(OsbCall.Catalog, 200, Catalog, null, DateTimeOffset.UtcNow) with { RequestId = "request-1" });
    }

    [Fact]
    public async Task Registers_the_broker_with_a_protected_password_and_creates_the_private_location_once()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var customerId = await SeedCustomerWithAdminAsync(database, "acme", "alice");

        await RunAsync(database, Command(customerId, "first-broker"));
        await RunAsync(database, Command(customerId, "second-broker"));

        await using var read = database.NewContext();
        var brokers = await read.ServiceBrokers.AsNoTracking().OrderBy(b => b.Identifier).ToListAsync(TestContext.Current.CancellationToken);
        brokers.Select(b => b.Identifier).ShouldBe(["first-broker", "second-broker"]);
        brokers.ShouldAllBe(b => b.ProtectedPassword == "protected:6");
        (await read.Locations.CountAsync(l => l.Identifier == "private-acme", TestContext.Current.CancellationToken)).ShouldBe(1);
        (await read.ConnectionCatalogs.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(2);
        _jobs.Received(1).Schedule("catalog-refresh:first-broker", brokers[0].Id, null);
    }

    [Fact]
    public async Task A_broker_that_refuses_the_credentials_is_not_registered()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var customerId = await SeedCustomerWithAdminAsync(database, "acme", "alice");
        _broker.FetchCatalogAsync(Arg.Any<BrokerConnection>(), Arg.Any<CancellationToken>())
            .Returns(OsbAnswerReader.Read(OsbCall.Catalog, 401, "{}", null, DateTimeOffset.UtcNow) with { RequestId = "request-2" });

        var error = await Should.ThrowAsync<BrokerCheckException>(() => RunAsync(database, Command(customerId, "refused")));

        error.Code.ShouldBe("broker.unauthorized");
        await using var read = database.NewContext();
        (await read.ServiceBrokers.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        _jobs.DidNotReceiveWithAnyArgs().Schedule(default!, default, default);
    }

    [Fact]
    public async Task A_taken_identifier_is_refused_before_anything_is_written()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var customerId = await SeedCustomerWithAdminAsync(database, "acme", "alice");
        await RunAsync(database, Command(customerId, "taken"));

        var error = await Should.ThrowAsync<DuplicateKeyException>(() => RunAsync(database, Command(customerId, "taken")));
        error.Code.ShouldBe("broker.identifier_taken");
    }

    [Fact]
    public async Task The_refresh_job_is_scheduled_only_once_the_registration_is_saved()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var customerId = await SeedCustomerWithAdminAsync(database, "acme", "alice");
        await using var first = database.NewContext();
        await using var second = database.NewContext();

        // Two registrations race for one identifier: both pass the check, only the first save wins.
        var firstSave = await HandleAsync(first, Command(customerId, "raced"));
        var secondSave = await HandleAsync(second, Command(customerId, "raced"));
        _jobs.DidNotReceiveWithAnyArgs().Schedule(default!, default, default);
        await firstSave.SaveChangesAsync(TestContext.Current.CancellationToken);
        await Should.ThrowAsync<DuplicateKeyException>(() => secondSave.SaveChangesAsync(TestContext.Current.CancellationToken));

        await using var read = database.NewContext();
        var saved = await read.ServiceBrokers.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        _jobs.Received(1).Schedule("catalog-refresh:raced", Arg.Any<Guid>(), null);
        _jobs.Received(1).Schedule("catalog-refresh:raced", saved.Id, null);
    }

    [Fact]
    public async Task A_caller_outside_the_customer_gets_not_found()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var customerId = await SeedCustomerWithAdminAsync(database, "acme", "somebody-else");

        var error = await Should.ThrowAsync<NotFoundException>(() => RunAsync(database, Command(customerId, "mine")));
        error.Code.ShouldBe("customer.not_found");
    }

    private static RegisterBrokerCommand Command(Guid customerId, string identifier) =>
        new(customerId, "Broker", identifier, "https://broker.example.test", "osb", "secret", false, null);

    private async Task RunAsync(SqliteDatabase database, RegisterBrokerCommand command)
    {
        await using var db = database.NewContext();
        var unitOfWork = await HandleAsync(db, command);
        await unitOfWork.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs the handler; the caller saves (or not) through the answered unit of work.</summary>
    private async Task<UnitOfWork> HandleAsync(MarketplaceDbContext db, RegisterBrokerCommand command)
    {
        var newCatalogs = new NewCatalogs();
        var unitOfWork = new UnitOfWork(db, new DatabaseWriteGate(serializeWrites: true), new BrokerWorkSignal(), newCatalogs, NullLogger<UnitOfWork>.Instance);
        var handler = new RegisterBrokerHandler(
            new TenantAccess(_alice, new ReadStore(db)),
            new CustomerRepository(db),
            new ServiceBrokerRepository(db),
            new LocationRepository(db),
            new CatalogRepository(db, new DatabaseWriteGate(serializeWrites: true), new BrokerWorkSignal(), newCatalogs),
            _jobs,
            new ConnectionHealthRepository(db),
            unitOfWork,
            new BrokerCallOptions(),
            new CatalogCheck(_broker, CatalogLimits.Default),
            _secrets,
            TimeProvider.System);
        await handler.Handle(command, TestContext.Current.CancellationToken);
        return unitOfWork;
    }

    private static async Task<Guid> SeedCustomerWithAdminAsync(SqliteDatabase database, string identifier, string adminUserId)
    {
        await using var db = database.NewContext();
        var customer = Customer.Create(identifier, identifier, DateTimeOffset.UtcNow);
        customer.GrantAdmin(adminUserId);
        db.Customers.Add(customer);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return customer.Id;
    }
}

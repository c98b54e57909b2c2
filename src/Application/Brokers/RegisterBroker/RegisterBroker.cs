using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Catalog;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Application.Tenancy;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Marketplace.Domain.Tenancy;
using Mediator;

namespace Marketplace.Application.Brokers.RegisterBroker;

/// <summary>
/// B1/B2: a customer admin registers a broker. It is private: only the customer sees it, in the
/// customer's private location, which this creates with the customer's first broker.
/// </summary>
public sealed record RegisterBrokerCommand(
    Guid CustomerId, string? Name, string? Identifier, string? Endpoint, string? Username, string? Password,
    bool DevelopmentMode, int? RequestTimeoutSeconds, int? MaxConcurrentCalls = null) : ICommand<BrokerDto>, ICustomerAdminCommand;

public sealed class RegisterBrokerHandler(
    TenantAccess access,
    ICustomerRepository customers,
    IServiceBrokerRepository brokers,
    ILocationRepository locations,
    ICatalogRepository catalogs,
    ICatalogRefreshJobs refreshJobs,
    IConnectionHealthRepository healths,
    IUnitOfWork unitOfWork,
    BrokerCallOptions callOptions,
    CatalogCheck catalogCheck,
    ISecretProtector secrets,
    TimeProvider clock) : ICommandHandler<RegisterBrokerCommand, BrokerDto>
{
    public async ValueTask<BrokerDto> Handle(RegisterBrokerCommand command, CancellationToken cancellationToken)
    {
        var notFound = TenancyErrors.CustomerNotFound(command.CustomerId);
        await access.RequireCustomerAdminAsync(command.CustomerId, notFound, platformAdminMayAct: false, cancellationToken);
        var customer = await customers.FindAsync(command.CustomerId, cancellationToken) ?? throw notFound;
        if (await brokers.IdentifierExistsAsync(command.Identifier!, cancellationToken))
        {
            throw BrokerErrors.IdentifierTaken(command.Identifier!);
        }

        var broker = ServiceBroker.Register(
            new BrokerRegistration(
                customer.Id, command.Name!, command.Identifier!, command.Endpoint!, command.Username!,
                secrets.Protect(command.Password!), command.DevelopmentMode, command.RequestTimeoutSeconds, command.MaxConcurrentCalls),
            clock.GetUtcNow(), callOptions.MaxConcurrentCallsPerConnection);

        // B1: /v2/catalog below the endpoint must answer with a valid catalog before anything is saved.
        var connection = BrokerConnections.ForRegistration(broker, command.Password!, access.User.UserId);
        var document = await catalogCheck.FetchAsync(connection, cancellationToken);
        var fetched = document.Parse();
        var catalog = ConnectionCatalog.For(broker.Id, publicationId: null);
        catalog.Apply(fetched, new HashSet<string>(), clock.GetUtcNow(), document.Fingerprint);

        brokers.Add(broker);
        catalogs.Add(catalog);
        var health = ConnectionHealth.For(broker.Id, null, clock.GetUtcNow());
        healths.Add(health);
        var jobName = BrokerConnections.JobName(broker.Identifier);
        unitOfWork.AfterCommit(() => refreshJobs.Schedule(jobName, broker.Id, null)); // never for a broker whose save failed

        var privateLocation = Location.PrivateIdentifierOf(customer.Identifier);
        if (!await locations.IdentifierExistsAsync(privateLocation, cancellationToken))
        {
            locations.Add(Location.CreatePrivateFor(customer));
        }

        return BrokerDto.From(broker, health, callOptions.MaxConcurrentCallsPerConnection);
    }
}

using Marketplace.Domain.Brokers;
using Marketplace.Domain.Tenancy;

namespace Marketplace.Application.Common.Ports;

public interface ILocationRepository
{
    Task<Location?> FindByIdentifierAsync(string identifier, CancellationToken cancellationToken);

    Task<bool> IdentifierExistsAsync(string identifier, CancellationToken cancellationToken);

    void Add(Location location);
}

public interface ICustomerRepository
{
    Task<Customer?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> IdentifierExistsAsync(string identifier, CancellationToken cancellationToken);

    void Add(Customer customer);
}

public interface IProjectRepository
{
    Task<Project?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> IdentifierExistsAsync(Guid customerId, string identifier, CancellationToken cancellationToken);

    void Add(Project project);
}

public interface IServiceBrokerRepository
{
    Task<ServiceBroker?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<ServiceBroker?> FindByPublicationAsync(Guid publicationId, CancellationToken cancellationToken);

    Task<bool> IdentifierExistsAsync(string identifier, CancellationToken cancellationToken);

    void Add(ServiceBroker broker);

    void Remove(ServiceBroker broker);
}

using Marketplace.Application.Common.Errors;

namespace Marketplace.Application.Brokers;

public static class BrokerErrors
{
    public static NotFoundException BrokerNotFound(Guid id) => new("broker.not_found", $"There is no broker '{id}'.");

    public static NotFoundException PublicationNotFound(Guid id) =>
        new("publication.not_found", $"There is no publication '{id}'.");

    public static DuplicateKeyException IdentifierTaken(string identifier) =>
        new("broker.identifier_taken", $"The broker identifier '{identifier}' is taken; identifiers are globally unique.");
}

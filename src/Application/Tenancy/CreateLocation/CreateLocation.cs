using Marketplace.Application.Common.Errors;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Common.Security;
using Marketplace.Domain.Tenancy;
using Mediator;

namespace Marketplace.Application.Tenancy.CreateLocation;

/// <summary>A platform admin adds a public marketplace location.</summary>
public sealed record CreateLocationCommand(string? Identifier, string? Name, string? Type = null) : ICommand<LocationDto>;

public sealed class CreateLocationHandler(TenantAccess access, ILocationRepository locations)
    : ICommandHandler<CreateLocationCommand, LocationDto>
{
    public async ValueTask<LocationDto> Handle(CreateLocationCommand command, CancellationToken cancellationToken)
    {
        access.RequirePlatformAdmin();
        if (await locations.IdentifierExistsAsync(command.Identifier!, cancellationToken))
        {
            throw new DuplicateKeyException("location.identifier_taken", $"A location '{command.Identifier}' exists already.");
        }

        var location = Location.CreatePublic(command.Identifier!, command.Name!);
        locations.Add(location);
        return LocationDto.From(location);
    }
}

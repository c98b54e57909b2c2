using Marketplace.Api.Infrastructure;
using Marketplace.Api.Endpoints.Tenancy.Contracts;
using Marketplace.Application.Tenancy.CreateLocation;
using Marketplace.Application.Tenancy.GetLocation;
using Marketplace.Application.Tenancy.ListLocations;
using Mediator;

namespace Marketplace.Api.Endpoints.Tenancy;

internal static class LocationEndpoints
{
    public static void MapLocationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/locations").WithTags("Locations");

        group.MapGet("/", async ([AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<LocationResponse>.From(
                    await sender.Send(new ListLocationsQuery(paging.ToPageRequest()), ct), LocationResponse.From))
            .WithName("ListLocations").WithSummary("Locations the caller can see: Global, public ones, own private ones")
            .ProducesCommonProblems(400);

        group.MapGet("/{identifier}", async (string identifier, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var location = await sender.Send(new GetLocationQuery(identifier), ct);
                ETags.Set(response, location.Version);
                return LocationResponse.From(location);
            })
            .WithName("GetLocation").WithSummary("One location")
            .ProducesCommonProblems();

        group.MapPost("/", async (CreateLocationRequest request, ISender sender, CancellationToken ct) =>
            {
                var location = await sender.Send(new CreateLocationCommand(request.Identifier, request.Name, request.Type), ct);
                return TypedResults.Created($"/api/locations/{location.Identifier}", LocationResponse.From(location));
            })
            .WithName("CreateLocation").RequireAuthorization(AuthenticationSetup.PlatformAdminPolicy).WithSummary("Create a public location (platform admins)")
            .ProducesCommonProblems(400, 409, 413, 415);
    }
}

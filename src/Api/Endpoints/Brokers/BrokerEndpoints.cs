using Marketplace.Api.Endpoints.Brokers.Contracts;
using Marketplace.Api.Infrastructure;
using Marketplace.Application.Brokers.DeleteBroker;
using Marketplace.Application.Brokers.EditBroker;
using Marketplace.Application.Brokers.GetBroker;
using Marketplace.Application.Brokers.ListBrokers;
using Marketplace.Application.Brokers.RegisterBroker;
using Mediator;

namespace Marketplace.Api.Endpoints.Brokers;

internal static class BrokerEndpoints
{
    public static void MapBrokerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/brokers").WithTags("Brokers");

        group.MapPost("/", async (RegisterBrokerRequest request, ISender sender, CancellationToken ct) =>
            {
                var broker = await sender.Send(new RegisterBrokerCommand(
                    request.CustomerId ?? Guid.Empty, request.Name, request.Identifier, request.Endpoint, request.Username,
                    request.Password, request.DevelopmentMode ?? false, request.RequestTimeoutSeconds, request.MaxConcurrentCalls), ct);
                return TypedResults.Created($"/api/brokers/{broker.Id}", BrokerResponse.From(broker));
            })
            .WithName("RegisterBroker").WithSummary("Register a private broker (customer admins of customerId)")
            .ProducesCommonProblems(400, 409, 413, 415, 422);

        group.MapGet("/", async (Guid? customerId, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<BrokerResponse>.From(
                    await sender.Send(new ListBrokersQuery(customerId, paging.ToPageRequest()), ct), BrokerResponse.From))
            .WithName("ListBrokers").WithSummary("Brokers of the customers the caller administers (platform admins: all)")
            .ProducesCommonProblems(400);

        group.MapGet("/{brokerId:guid}", async (Guid brokerId, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var broker = await sender.Send(new GetBrokerQuery(brokerId), ct);
                ETags.Set(response, broker.Version);
                return BrokerResponse.From(broker);
            })
            .WithName("GetBroker").WithSummary("One broker (owners, platform admins)")
            .ProducesCommonProblems();

        group.MapPatch("/{brokerId:guid}", async (
                Guid brokerId, EditBrokerRequest request, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var broker = await sender.Send(new EditBrokerCommand(
                    brokerId, request.Identifier, request.Name, request.Endpoint, request.Username, request.Password,
                    request.DevelopmentMode, request.RequestTimeoutSeconds, ETags.ExpectedVersion(http.Request), request.MaxConcurrentCalls), ct);
                ETags.Set(http.Response, broker.Version);
                return BrokerResponse.From(broker);
            })
            .WithName("EditBroker").WithSummary("Edit a broker; the identifier is immutable (owners)")
            .ProducesCommonProblems(400, 409, 412, 413, 415, 422);

        group.MapDelete("/{brokerId:guid}", async (
                Guid brokerId, string? confirmName, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteBrokerCommand(brokerId, confirmName, ETags.ExpectedVersion(request)), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteBroker")
            .WithSummary("Delete a broker without approved publications, confirming with ?confirmName=<name>; nothing is sent to the broker (owners)")
            .ProducesCommonProblems(409, 412, 422);
    }
}

using Marketplace.Api.Endpoints.Instances.Contracts;
using Marketplace.Application.OperationWorkbench.FailOperation;
using Marketplace.Application.OperationWorkbench.ListBrokerOperations;
using Marketplace.Application.OperationWorkbench.PurgeOperation;
using Marketplace.Application.OperationWorkbench.RepollOperation;
using Mediator;

namespace Marketplace.Api.Endpoints.Instances;

/// <summary>X4: the stuck-operation workbench for a broker's owners and platform admins; every action is audited.</summary>
internal static class BrokerOperationEndpoints
{
    public static void MapBrokerOperationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/brokers/{brokerId:guid}/operations").WithTags("Operations");

        group.MapGet("/", async (Guid brokerId, string? state, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<OperationResponse>.From(
                    await sender.Send(new ListBrokerOperationsQuery(brokerId, state, paging.ToPageRequest()), ct), OperationResponse.From))
            .WithName("ListBrokerOperations").WithSummary("Operations in flight on the broker's instances and bindings; ?state=stuck (owners, platform admins)")
            .ProducesCommonProblems(400);

        group.MapPost("/{operationId:guid}/repoll", async (Guid brokerId, Guid operationId, ISender sender, CancellationToken ct) =>
                OperationResponse.From(await sender.Send(new RepollOperationCommand(brokerId, operationId), ct)))
            .WithName("RepollOperation").WithSummary("Run the operation's next poll or retry now (owners, platform admins)")
            .ProducesCommonProblems(409);

        group.MapPost("/{operationId:guid}/fail", async (Guid brokerId, Guid operationId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new FailOperationCommand(brokerId, operationId), ct);
                return TypedResults.NoContent();
            })
            .WithName("FailOperation").WithSummary("Mark the operation failed without calling the broker (owners, platform admins)")
            .ProducesCommonProblems(409);

        group.MapPost("/{operationId:guid}/purge", async (Guid brokerId, Guid operationId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new PurgeOperationCommand(brokerId, operationId), ct);
                return TypedResults.NoContent();
            })
            .WithName("PurgeOperation").WithSummary("Remove the operation's instance or binding record without calling the broker (owners, platform admins)")
            .ProducesCommonProblems(409);
    }
}

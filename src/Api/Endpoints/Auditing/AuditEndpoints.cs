using Marketplace.Application.Auditing.ListAuditEntries;
using Mediator;

namespace Marketplace.Api.Endpoints.Auditing;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/audit", async (Guid? customerId, [AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<AuditEntryDto>.From(await sender.Send(new ListAuditEntriesQuery(customerId, paging.ToPageRequest()), ct), e => e))
            .WithTags("Audit").WithName("ListAuditEntries")
            .WithSummary("The audit trail, newest first (platform admins: all; customer admins: their customers')")
            .ProducesCommonProblems(400);
    }
}

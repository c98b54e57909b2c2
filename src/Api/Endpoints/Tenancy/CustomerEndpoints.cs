using Marketplace.Api.Endpoints.Tenancy.Contracts;
using Marketplace.Api.Infrastructure;
using Marketplace.Application.Tenancy.CreateCustomer;
using Marketplace.Application.Tenancy.EditCustomer;
using Marketplace.Application.Tenancy.GetCustomer;
using Marketplace.Application.Tenancy.GrantCustomerAdmin;
using Marketplace.Application.Tenancy.ListCustomers;
using Marketplace.Application.Tenancy.RevokeCustomerAdmin;
using Mediator;

namespace Marketplace.Api.Endpoints.Tenancy;

internal static class CustomerEndpoints
{
    public static void MapCustomerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/customers").WithTags("Customers");

        group.MapGet("/", async ([AsParameters] PagingParameters paging, ISender sender, CancellationToken ct) =>
                PageResponse<CustomerResponse>.From(
                    await sender.Send(new ListCustomersQuery(paging.ToPageRequest()), ct), CustomerResponse.From))
            .WithName("ListCustomers").WithSummary("Customers: all for platform admins, otherwise those the caller belongs to")
            .ProducesCommonProblems(400);

        group.MapPost("/", async (CreateCustomerRequest request, ISender sender, CancellationToken ct) =>
            {
                var customer = await sender.Send(new CreateCustomerCommand(request.Identifier, request.Name), ct);
                return TypedResults.Created($"/api/customers/{customer.Id}", CustomerResponse.From(customer));
            })
            .WithName("CreateCustomer").RequireAuthorization(AuthenticationSetup.PlatformAdminPolicy).WithSummary("Create a customer (platform admins)")
            .ProducesCommonProblems(400, 409, 413, 415);

        group.MapGet("/{customerId:guid}", async (Guid customerId, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var customer = await sender.Send(new GetCustomerQuery(customerId), ct);
                ETags.Set(response, customer.Version);
                return CustomerResponse.From(customer);
            })
            .WithName("GetCustomer").WithSummary("One customer")
            .ProducesCommonProblems();

        group.MapPatch("/{customerId:guid}", async (
                Guid customerId, EditCustomerRequest request, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var customer = await sender.Send(
                    new EditCustomerCommand(customerId, request.Name, ETags.ExpectedVersion(http.Request)), ct);
                ETags.Set(http.Response, customer.Version);
                return CustomerResponse.From(customer);
            })
            .WithName("EditCustomer").WithSummary("Rename a customer (platform admins, its customer admins)")
            .ProducesCommonProblems(400, 409, 412, 413, 415);

        group.MapPut("/{customerId:guid}/admins/{userId}", async (Guid customerId, string userId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new GrantCustomerAdminCommand(customerId, userId), ct);
                return TypedResults.NoContent();
            })
            .WithName("GrantCustomerAdmin").RequireAuthorization(AuthenticationSetup.PlatformAdminPolicy).WithSummary("Make a user admin of the customer (platform admins)")
            .ProducesCommonProblems(400, 409);

        group.MapDelete("/{customerId:guid}/admins/{userId}", async (
                Guid customerId, string userId, HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new RevokeCustomerAdminCommand(customerId, userId, ETags.ExpectedVersion(request)), ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeCustomerAdmin").RequireAuthorization(AuthenticationSetup.PlatformAdminPolicy).WithSummary("Take a user's customer-admin role away (platform admins); honours If-Match with the customer's ETag")
            .ProducesCommonProblems(409, 412);
    }
}

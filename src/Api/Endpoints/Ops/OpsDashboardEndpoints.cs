using System.Security.Claims;
using Marketplace.Api.Infrastructure;
using Marketplace.Infrastructure.Ops;
using Microsoft.AspNetCore.Authentication;

namespace Marketplace.Api.Endpoints.Ops;

internal static class OpsDashboardEndpoints
{
    public static void MapOpsDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/ops").WithTags("Ops dashboard");

        // A browser cannot send a bearer token when it navigates to /hangfire: this trades the admin's
        // token (sent by the SPA) for a short-lived, HttpOnly, SameSite=Strict cookie scoped to /hangfire.
        group.MapPost("/dashboard-session", async (HttpContext http) =>
            {
                var identity = new ClaimsIdentity(
                    http.User.Claims.Where(c => c.Type is AuthenticationSetup.SubjectClaim or AuthenticationSetup.RoleClaim),
                    OpsDashboard.CookieScheme, AuthenticationSetup.SubjectClaim, AuthenticationSetup.RoleClaim);
                await http.SignInAsync(OpsDashboard.CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties
                {
                    ExpiresUtc = DateTimeOffset.UtcNow.Add(AuthenticationSetup.DashboardSessionLifetime),
                    IsPersistent = false,
                });
                return TypedResults.NoContent();
            })
            .RequireAuthorization(AuthenticationSetup.PlatformAdminPolicy)
            .WithName("CreateDashboardSession")
            .WithSummary("Set a short-lived cookie that opens the ops dashboard at /hangfire in a browser (platform admins)")
            .ProducesCommonProblems();
    }
}

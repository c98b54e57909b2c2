using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c>, for platform admins only. Tools send the bearer token;
/// browsers get a short-lived cookie from a bearer-authenticated POST (tokens never travel in URLs).
/// </summary>
public static class OpsDashboard
{
    public const string Path = "/hangfire";
    public const string CookieScheme = "ops-dashboard";

    public static IApplicationBuilder UseOpsDashboard(this IApplicationBuilder app, string platformAdminRole) =>
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new PlatformAdminFilter(platformAdminRole)],
            DisplayStorageConnectionString = false,
            DashboardTitle = "Marketplace operations",
            AppPath = null,
        });

    private sealed class PlatformAdminFilter(string role) : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (http.User.Identity?.IsAuthenticated != true)
            {
                var cookie = await http.AuthenticateAsync(CookieScheme);
                if (cookie.Succeeded)
                {
                    http.User = cookie.Principal;
                }
            }

            return http.User.IsInRole(role);
        }
    }
}

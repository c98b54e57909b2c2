using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Infrastructure.Ops;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c>, for platform admins only. Tools send the bearer token;
/// browsers get a short-lived cookie from a bearer-authenticated POST (tokens never travel in URLs).
/// </summary>
public static class OpsDashboard
{
    public const string Path = "/hangfire";
    public const string CookieScheme = "ops-dashboard";

    public static IApplicationBuilder UseOpsDashboard(this IApplicationBuilder app, string platformAdminRole)
    {
        AddBrokerConnectionsPage();
        return app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new PlatformAdminFilter(platformAdminRole)],
            DisplayStorageConnectionString = false,
            DashboardTitle = "Marketplace operations",
            AppPath = null,
        });
    }

    /// <summary>X3: the connections' health and work, as a page of the dashboard (routes and menu are process-wide in Hangfire).</summary>
    private static void AddBrokerConnectionsPage()
    {
        lock (PagesAdded)
        {
            if (PagesAdded.Count > 0)
            {
                return;
            }

            DashboardRoutes.Routes.AddRazorPage(BrokerConnectionsPage.Path, _ => new BrokerConnectionsPage());
            NavigationMenu.Items.Add(page => new MenuItem("Broker connections", page.Url.To(BrokerConnectionsPage.Path))
            {
                Active = page.RequestPath.StartsWith(BrokerConnectionsPage.Path, StringComparison.Ordinal),
            });
            PagesAdded.Add(true);
        }
    }

    private static readonly List<bool> PagesAdded = [];

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

using Marketplace.Infrastructure.Ops;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// JWT bearer authentication, configured from <c>Authentication:Schemes:Bearer</c> (the section
/// <c>dotnet user-jwts</c> writes). Claims keep their JWT names: <c>sub</c> is the user, <c>role</c> the roles.
/// </summary>
internal static class AuthenticationSetup
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";

    public static readonly TimeSpan DashboardSessionLifetime = TimeSpan.FromMinutes(15);

    /// <summary>User ids are stored in columns of this size (admins, members, deciders).</summary>
    public const int MaxUserIdLength = 200;

    /// <summary>Routes only platform admins may call: refused (403) before the request body is even read.</summary>
    public const string PlatformAdminPolicy = "platform-admin";

    public static IServiceCollection AddMarketplaceAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddCookie(OpsDashboard.CookieScheme, cookie =>
            {
                // Only the dashboard reads it; a browser gets it from POST /api/ops/dashboard-session.
                cookie.Cookie.Name = "marketplace-ops";
                cookie.Cookie.Path = OpsDashboard.Path;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = DashboardSessionLifetime;
                cookie.SlidingExpiration = false;
                cookie.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.MapInboundClaims = false;

            // The configuration's signing keys come as a lazy sequence that reads the configuration again at every
            // token: read once here (P1's profile had it at 5 % of a marketplace read). They are start-up settings.
            options.TokenValidationParameters.IssuerSigningKeys = options.TokenValidationParameters.IssuerSigningKeys?.ToList();
            options.TokenValidationParameters.NameClaimType = SubjectClaim;
            options.TokenValidationParameters.RoleClaimType = RoleClaim;
            options.Events ??= new JwtBearerEvents();
            options.Events.OnTokenValidated = context =>
            {
                var subject = context.Principal?.FindFirst(SubjectClaim)?.Value;
                if (string.IsNullOrWhiteSpace(subject) || subject.Length > MaxUserIdLength)
                {
                    context.Fail($"The token needs a 'sub' claim of 1 to {MaxUserIdLength} characters.");
                }

                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformAdminPolicy, policy => policy.RequireRole(HttpCurrentUser.PlatformAdminRole));
        return services;
    }
}

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

    /// <summary>Routes only platform admins may call: refused (403) before the request body is even read.</summary>
    public const string PlatformAdminPolicy = "platform-admin";

    public static IServiceCollection AddMarketplaceAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = SubjectClaim;
            options.TokenValidationParameters.RoleClaimType = RoleClaim;
            options.Events ??= new JwtBearerEvents();
            options.Events.OnTokenValidated = context =>
            {
                if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst(SubjectClaim)?.Value))
                {
                    context.Fail("The token has no 'sub' claim.");
                }

                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformAdminPolicy, policy => policy.RequireRole(HttpCurrentUser.PlatformAdminRole));
        return services;
    }
}

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

    /// <summary>User ids are stored in columns of this size (admins, members, deciders).</summary>
    public const int MaxUserIdLength = 200;

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

using System.Security.Claims;
using Marketplace.Application.Common.Ports;

namespace Marketplace.Api.Infrastructure;

/// <summary>The caller of the current request, read from the validated bearer token.</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string PlatformAdminRole = "platform-admin";

    private ClaimsPrincipal Principal =>
        accessor.HttpContext?.User ?? throw new InvalidOperationException("There is no request to read the caller from.");

    public string UserId =>
        Principal.FindFirstValue(AuthenticationSetup.SubjectClaim) ??
        throw new InvalidOperationException("The token has no 'sub' claim; authentication should have refused it.");

    public bool IsPlatformAdmin => Principal.IsInRole(PlatformAdminRole);
}

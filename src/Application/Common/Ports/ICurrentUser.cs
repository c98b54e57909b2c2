namespace Marketplace.Application.Common.Ports;

/// <summary>The authenticated caller: the token's <c>sub</c> and whether it has the platform-admin role.</summary>
public interface ICurrentUser
{
    string UserId { get; }

    bool IsPlatformAdmin { get; }
}

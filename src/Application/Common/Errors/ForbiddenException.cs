namespace Marketplace.Application.Common.Errors;

/// <summary>The caller belongs to the tenant (or is a known user) but lacks the role the operation needs.</summary>
public sealed class ForbiddenException(string message) : Exception(message)
{
    public const string Code = "auth.forbidden";
}

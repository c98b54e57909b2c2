namespace Marketplace.Application.Common.Errors;

/// <summary>The resource does not exist, or lives in a tenant the caller does not belong to (ids never leak).</summary>
public sealed class NotFoundException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

namespace Marketplace.Application.Common.Errors;

/// <summary>
/// A request names a location that does not exist for the caller: 422 <c>location.unknown</c>, the same
/// answer as for another customer's private location, so private locations do not leak.
/// </summary>
public sealed class UnknownLocationException(string identifier)
    : Exception($"There is no location '{identifier}' you can use here.")
{
    public const string Code = "location.unknown";
}

namespace Marketplace.Api.Infrastructure;

/// <summary>Codes for problems the HTTP pipeline produces itself (the application's codes come with its errors).</summary>
internal static class ProblemCodes
{
    public const string ValidationFailed = "validation.failed";
    public const string Unauthenticated = "auth.unauthenticated";
    public const string Forbidden = "auth.forbidden";
    public const string RouteNotFound = "route.not_found";
    public const string MethodNotAllowed = "http.method_not_allowed";
    public const string NotAcceptable = "http.not_acceptable";
    public const string PayloadTooLarge = "request.too_large";
    public const string UnsupportedMediaType = "http.unsupported_media_type";
    public const string RateLimited = "rate_limit.exceeded";
    public const string Unexpected = "server.unexpected";

    /// <summary>The code a bare status gets when nothing more specific is known.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => ValidationFailed,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => RouteNotFound,
        405 => MethodNotAllowed,
        406 => NotAcceptable,
        412 => "concurrency.stale",
        409 => "concurrency.conflict",
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        >= 500 => Unexpected,
        _ => $"http.status_{status}",
    };

    public static string TypeUri(string code) => $"urn:marketplace:problem:{code}";
}

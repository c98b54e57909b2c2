using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// Every 4xx and 5xx is RFC 9457 problem details with <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>,
/// <c>traceId</c> and a stable <c>code</c>: the exception handler's answers and the bare status codes of
/// routing, authentication, body limits and media-type checks alike.
/// </summary>
internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddMarketplaceProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Status = status;
            if (!problem.Extensions.TryGetValue("code", out var code) || code is not string)
            {
                code = ProblemCodes.ForStatus(status);
                problem.Extensions["code"] = code;
            }

            problem.Type = ProblemCodes.TypeUri((string)code!);
            problem.Detail ??= DefaultDetail(status, context.HttpContext);
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    public static IApplicationBuilder UseMarketplaceProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private static string DefaultDetail(int status, HttpContext context) => status switch
    {
        401 => "Send a valid bearer token in the Authorization header.",
        403 => "Your token is valid, but you lack the role this operation needs.",
        404 => $"There is no resource at {context.Request.Path}.",
        405 => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        413 => "The request body is too large.",
        415 => "Send the body as application/json.",
        429 => "Too many requests; retry after the time in the Retry-After header.",
        >= 500 => "The server failed to answer this request. Quote the traceId when you report it.",
        _ => context.Features.Get<IHttpResponseFeature>()?.ReasonPhrase ?? "The request failed.",
    };
}

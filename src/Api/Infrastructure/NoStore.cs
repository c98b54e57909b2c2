namespace Marketplace.Api.Infrastructure;

/// <summary>
/// <c>Cache-Control: no-store</c> on every answer of the routes it is applied to: answers that can carry binding
/// credentials must not be kept by a browser, a proxy or a CDN.
/// </summary>
internal static class NoStore
{
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
}

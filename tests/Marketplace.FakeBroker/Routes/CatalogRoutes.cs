namespace Marketplace.FakeBroker.Routes;

/// <summary><c>GET /v2/catalog</c>: redirect, status override, malformed body, or the configured catalog, in that order.</summary>
internal static class CatalogRoutes
{
    /// <summary>Served when <see cref="FakeOsbBroker.MalformedCatalog"/> is on: labelled JSON, but cut off mid-way.</summary>
    public const string MalformedBody = """{ "services": [ { "id": "truncated""";

    public static void MapCatalog(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/catalog", GetCatalog).WithMetadata(new OperationTag(OsbOperation.Catalog));

    private static OsbResult GetCatalog(BrokerState state)
    {
        var behaviour = state.Behaviour;
        if (behaviour.CatalogRedirectTo is { } target)
        {
            return new OsbResult(StatusCodes.Status302Found, null, new Dictionary<string, string>
            {
                ["Location"] = target.IsAbsoluteUri ? target.AbsoluteUri : target.OriginalString,
            });
        }
        if (behaviour.CatalogStatus is { } status)
        {
            return OsbResult.Error(status, null, $"fake broker: catalog answers {status} as configured");
        }
        return behaviour.MalformedCatalog
            ? new OsbResult(StatusCodes.Status200OK, MalformedBody)
            : new OsbResult(StatusCodes.Status200OK, behaviour.CatalogJson);
    }
}

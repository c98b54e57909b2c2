using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Endpoints;

internal static class EndpointConventions
{
    private static readonly int[] CommonProblemStatuses = [401, 403, 404, 429, 500];

    /// <summary>The problem answers every authenticated operation can give, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesCommonProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var status in CommonProblemStatuses.Concat(statuses).Distinct().Order())
        {
            builder.Produces<ProblemDetails>(status, "application/problem+json");
        }

        return builder;
    }
}

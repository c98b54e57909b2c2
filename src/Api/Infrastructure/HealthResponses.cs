using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Api.Infrastructure;

/// <summary>Readiness answers "Healthy" as text, and 503 as problem details like every other 5xx.</summary>
internal static class HealthResponses
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(report.Status.ToString());
            return;
        }

        var problem = new ProblemDetails
        {
            Status = context.Response.StatusCode,
            Title = "Not ready",
            Detail = "The marketplace cannot reach its database: " +
                string.Join("; ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key)),
        };
        problem.Extensions["code"] = "health.unavailable";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }
}

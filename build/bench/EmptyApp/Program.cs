// Two yardsticks of build/bench.sh, both started like the marketplace:
// - P5 (start-up): nothing but a readiness route, what any ASP.NET Core app costs to start;
// - P1 (marketplace reads): with BENCH_PAGES set to a folder, bare Kestrel (no logging, routing or middleware) answering
//   GET ?page=<n> with the bytes of that folder's page-<n>.json, the pages the marketplace answered.
var builder = WebApplication.CreateBuilder(args);
var pagesFolder = Environment.GetEnvironmentVariable("BENCH_PAGES");
if (pagesFolder is null)
{
    var app = builder.Build();
    app.MapGet("/health/ready", () => "Healthy");
    app.Run();
    return;
}

builder.Logging.ClearProviders();
var pages = Directory.GetFiles(pagesFolder, "page-*.json")
    .ToDictionary(f => Path.GetFileNameWithoutExtension(f)["page-".Length..], File.ReadAllBytes);
var bare = builder.Build();
bare.Run(async context =>
{
    if (!pages.TryGetValue(context.Request.Query["page"].ToString(), out var page))
    {
        context.Response.StatusCode = 404;
        return;
    }

    context.Response.ContentType = "application/json; charset=utf-8";
    context.Response.ContentLength = page.Length;
    await context.Response.Body.WriteAsync(page);
});
bare.Run();

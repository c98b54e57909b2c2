// Nothing but a readiness route: what any ASP.NET Core app costs to start (benchmark P5 in build/bench.sh).
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health/ready", () => "Healthy");
app.Run();

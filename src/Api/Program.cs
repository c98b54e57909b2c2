using System.Text.Json.Serialization;
using Marketplace.Api.Endpoints.Auditing;
using Marketplace.Api.Endpoints.Brokers;
using Marketplace.Api.Endpoints.Catalog;
using Marketplace.Api.Endpoints.Instances;
using Marketplace.Api.Endpoints.Marketplace;
using Marketplace.Api.Endpoints.Ops;
using Marketplace.Infrastructure.Ops;
using Marketplace.Api.Endpoints.Tenancy;
using Marketplace.Api.Infrastructure;
using Marketplace.Application;
using Marketplace.Application.Common.Behaviours;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.BrokerOperations;
using Marketplace.Application.ServiceInstances;
using Marketplace.Domain.Catalog;
using Marketplace.Infrastructure;
using Marketplace.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

// A backstop for any regular expression built without a timeout (a broker schema's patternProperties keys among them):
// no match may backtrack for long. Set before any Regex is built. A schema's patterns have their own budget per request.
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Resolve(),
});

HostSettings.Validate(builder.Configuration);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Api:MaxRequestBodyBytes") ?? 1024 * 1024);

builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(Marketplace.Application.DependencyInjection)];
    options.PipelineBehaviors = [typeof(AuthorizationBehavior<,>), typeof(ValidationBehavior<,>), typeof(UnitOfWorkBehavior<,>)];
});
var operationOptions = builder.Configuration.GetSection(BrokerOperationOptions.Section).Get<BrokerOperationOptions>() ?? new BrokerOperationOptions();
var callOptions = builder.Configuration.GetSection(BrokerCallOptions.Section).Get<BrokerCallOptions>() ?? new BrokerCallOptions();
var parameterLimits = builder.Configuration.GetSection(ParameterLimits.Section).Get<ParameterLimits>() ?? new ParameterLimits();
var catalogLimits = builder.Configuration.GetSection(CatalogLimits.Section).Get<CatalogLimits>() ?? new CatalogLimits();
operationOptions.Validate();
callOptions.Validate();
parameterLimits.Validate();
catalogLimits.Validate();
builder.Services.AddApplication(operationOptions, callOptions, parameterLimits, catalogLimits);
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment, isToolRun: ToolRun.IsActive);

builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentUser, HttpCurrentUser>();
builder.Services.AddMarketplaceAuthentication();
builder.Services.AddMarketplaceProblemDetails();
builder.Services.AddMarketplaceRateLimiting(builder.Configuration);
builder.Services.AddMarketplaceProxySupport(builder.Configuration);
builder.Services.AddMarketplaceOpenApi();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
});
builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy
    .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [])
    .AllowAnyHeader()
    .AllowAnyMethod()
    .WithExposedHeaders("Location", "ETag", "Retry-After")));

var app = builder.Build();

app.UseMarketplaceProxySupport();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts(); // only on https answers (as the proxy saw them), and never for localhost
}

app.UseMarketplaceProblemDetails();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseOpsDashboard(HttpCurrentUser.PlatformAdminRole);

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = check => check.Tags.Contains("ready"),
    ResponseWriter = HealthResponses.WriteAsync,
}).AllowAnonymous();

var api = app.MapGroup(string.Empty).RequireAuthorization();
api.MapLocationEndpoints();
api.MapCustomerEndpoints();
api.MapProjectEndpoints();
api.MapBrokerEndpoints();
api.MapPublicationEndpoints();
api.MapCatalogEndpoints();
api.MapMarketplaceEndpoints();
api.MapOpsDashboardEndpoints();
api.MapInstanceEndpoints();
api.MapBindingEndpoints();
api.MapBrokerOperationEndpoints();
api.MapAuditEndpoints();

if (!ToolRun.IsActive)
{
    await app.Services.MigrateDatabaseAsync();
}

await app.RunAsync();

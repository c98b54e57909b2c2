using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Marketplace.Application.Common.Ports;
using Microsoft.Extensions.Logging;
using Refit;

namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>
/// The OSB client: one Refit client per call over the named HttpClient of the connection's TLS mode, with
/// OSB 2.17 headers and Basic auth. Every outcome is a <see cref="BrokerCallResult"/>, never an exception.
/// </summary>
internal sealed class OsbServiceBrokerClient(IHttpClientFactory httpClients, ILogger<OsbServiceBrokerClient> logger)
    : IServiceBrokerClient
{
    public const string ApiVersion = "2.17";

    /// <summary>Our platform value in the originating identity and in <c>context.platform</c>.</summary>
    public const string Platform = "marketplace";

    public Task<BrokerCallResult> FetchCatalogAsync(BrokerConnection connection, CancellationToken cancellationToken) =>
        CallAsync(connection, "catalog", api => api.GetCatalogAsync, cancellationToken);

    public Task<BrokerCallResult> ProvisionAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken) =>
        CallAsync(connection, "provision", api => ct => api.ProvisionAsync(instanceId, JsonBody(bodyJson), ct), cancellationToken);

    public Task<BrokerCallResult> UpdateAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken) =>
        CallAsync(connection, "update", api => ct => api.UpdateAsync(instanceId, JsonBody(bodyJson), ct), cancellationToken);

    public Task<BrokerCallResult> DeprovisionAsync(BrokerConnection connection, Guid instanceId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        CallAsync(connection, "deprovision", api => ct => api.DeprovisionAsync(instanceId, plan.ServiceId, plan.PlanId, ct), cancellationToken);

    public Task<BrokerCallResult> PollInstanceAsync(
        BrokerConnection connection, Guid instanceId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken) =>
        CallAsync(connection, "instance last_operation", api => ct => api.PollInstanceAsync(instanceId, plan.ServiceId, plan.PlanId, operation, ct), cancellationToken);

    public Task<BrokerCallResult> BindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, string bodyJson, CancellationToken cancellationToken) =>
        CallAsync(connection, "bind", api => ct => api.BindAsync(instanceId, bindingId, JsonBody(bodyJson), ct), cancellationToken);

    public Task<BrokerCallResult> UnbindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        CallAsync(connection, "unbind", api => ct => api.UnbindAsync(instanceId, bindingId, plan.ServiceId, plan.PlanId, ct), cancellationToken);

    public Task<BrokerCallResult> PollBindingAsync(
        BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken) =>
        CallAsync(
            connection, "binding last_operation",
            api => ct => api.PollBindingAsync(instanceId, bindingId, plan.ServiceId, plan.PlanId, operation, ct), cancellationToken);

    public Task<BrokerCallResult> FetchBindingAsync(
        BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        CallAsync(connection, "fetch binding", api => ct => api.FetchBindingAsync(instanceId, bindingId, plan.ServiceId, plan.PlanId, ct), cancellationToken);

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<BrokerCallResult> CallAsync(
        BrokerConnection connection,
        string operation,
        Func<IOsbApi, Func<CancellationToken, Task<IApiResponse<string>>>> call,
        CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        var watch = Stopwatch.StartNew();
        using var http = CreateHttpClient(connection, requestId);
        var api = RestService.For<IOsbApi>(http);
        BrokerCallResult result;
        try
        {
            var response = await call(api)(cancellationToken);
            result = response.StatusCode is { } status
                ? new BrokerCallResult(
                    BrokerCallOutcome.Answered, (int)status,
                    response.IsSuccessStatusCode ? response.Content : (response.Error as ApiException)?.Content,
                    response.IsSuccessStatusCode ? null : $"HTTP {(int)status}",
                    requestId, watch.Elapsed, HeadersOf(response))
                : Classify((Exception?)response.Error ?? new HttpRequestException("no response"), requestId, watch.Elapsed, connection);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(e))
        {
            result = Classify(e, requestId, watch.Elapsed, connection);
        }

        // Both request ids are logged: ours, and the one the broker echoed (so its owner can find the call in its own logs).
        var echoed = result.Headers?.GetValueOrDefault("X-Broker-API-Request-Identity");
        logger.LogInformation(
            "OSB {Operation} on {Connection}: {Outcome} {Status} in {DurationMs} ms (request {RequestId}, broker echoed {EchoedRequestId}) {Error}",
            operation, connection.Name, result.Outcome, result.Status, (long)result.Duration.TotalMilliseconds, requestId, echoed, result.Error);
        return result;
    }

    private HttpClient CreateHttpClient(BrokerConnection connection, string requestId)
    {
        var http = httpClients.CreateClient(
            connection.SkipTlsValidation ? BrokerHttpHandlers.DevelopmentModeClient : BrokerHttpHandlers.ValidatingClient);
        http.BaseAddress = new Uri(connection.Endpoint.TrimEnd('/') + "/");
        http.Timeout = connection.Timeout;
        var headers = http.DefaultRequestHeaders;
        headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.Username}:{connection.Password}")));
        headers.Add("X-Broker-API-Version", ApiVersion);
        headers.Add("X-Broker-API-Request-Identity", requestId);
        if (connection.OriginatingUserId is { } userId)
        {
            var identity = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["user_id"] = userId }));
            headers.Add("X-Broker-API-Originating-Identity", $"{Platform} {identity}");
        }

        headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    private static bool IsTransportFailure(Exception e) =>
        e is ApiExceptionBase or HttpRequestException or TaskCanceledException or OperationCanceledException;

    private static BrokerCallResult Classify(Exception e, string requestId, TimeSpan duration, BrokerConnection connection)
    {
        var chain = new List<Exception>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            chain.Add(current);
        }

        var (outcome, error) = chain switch
        {
            _ when chain.OfType<EndpointForbiddenException>().FirstOrDefault() is { } forbidden =>
                (BrokerCallOutcome.EndpointForbidden, forbidden.Message),
            _ when chain.Any(x => x is AuthenticationException) =>
                (BrokerCallOutcome.TlsInvalid, $"The TLS certificate of {connection.Endpoint} is not trusted or does not match its host name."),
            _ when chain.Any(x => x is TimeoutException or TaskCanceledException or OperationCanceledException) =>
                (BrokerCallOutcome.Timeout, $"The broker did not answer within {connection.Timeout.TotalSeconds:0} s."),
            _ => (BrokerCallOutcome.Unreachable, $"The broker at {connection.Endpoint} could not be reached: {Innermost(chain).Message}"),
        };
        return new BrokerCallResult(outcome, null, null, error, requestId, duration);
    }

    private static Exception Innermost(List<Exception> chain) => chain[^1];

    private static Dictionary<string, string> HeadersOf(IApiResponse response) =>
        (response.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Concat(response.ContentHeaders ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
}

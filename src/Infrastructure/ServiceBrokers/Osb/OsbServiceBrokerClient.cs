using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Marketplace.Application.Common.Ports;
using Marketplace.Domain.Osb;
using Microsoft.Extensions.Logging;
using Refit;

namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>
/// The OSB client: one Refit client per call over the named HttpClient of the connection's TLS mode, with OSB 2.17
/// headers and Basic auth. The transport ends here: what came back is read by <see cref="OsbAnswerReader"/> into an
/// <see cref="OsbAnswer"/> for the call it answers; no outcome is an exception.
/// </summary>
internal sealed class OsbServiceBrokerClient(IHttpClientFactory httpClients, TimeProvider clock, ILogger<OsbServiceBrokerClient> logger)
    : IServiceBrokerClient
{
    public const string ApiVersion = "2.17";

    /// <summary>Our platform value in the originating identity and in <c>context.platform</c>.</summary>
    public const string Platform = "marketplace";

    public Task<OsbAnswer> FetchCatalogAsync(BrokerConnection connection, CancellationToken cancellationToken) =>
        CallAsync(connection, OsbCall.Catalog, api => api.GetCatalogAsync, cancellationToken);

    public Task<OsbAnswer> ProvisionAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken) =>
        CallAsync(connection, OsbCall.Provision, api => ct => api.ProvisionAsync(instanceId, JsonBody(bodyJson), ct), cancellationToken);

    public Task<OsbAnswer> UpdateAsync(BrokerConnection connection, Guid instanceId, string bodyJson, CancellationToken cancellationToken) =>
        CallAsync(connection, OsbCall.Update, api => ct => api.UpdateAsync(instanceId, JsonBody(bodyJson), ct), cancellationToken);

    public Task<OsbAnswer> DeprovisionAsync(BrokerConnection connection, Guid instanceId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        CallAsync(connection, OsbCall.Deprovision, api => ct => api.DeprovisionAsync(instanceId, plan.ServiceId, plan.PlanId, ct), cancellationToken);

    public Task<OsbAnswer> PollInstanceAsync(
        BrokerConnection connection, Guid instanceId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken) =>
        CallAsync(connection, OsbCall.PollInstance, api => ct => api.PollInstanceAsync(instanceId, plan.ServiceId, plan.PlanId, operation, ct), cancellationToken);

    public Task<OsbAnswer> BindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, string bodyJson, CancellationToken cancellationToken) =>
        CallAsync(connection, OsbCall.Bind, api => ct => api.BindAsync(instanceId, bindingId, JsonBody(bodyJson), ct), cancellationToken);

    public Task<OsbAnswer> UnbindAsync(BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        CallAsync(connection, OsbCall.Unbind, api => ct => api.UnbindAsync(instanceId, bindingId, plan.ServiceId, plan.PlanId, ct), cancellationToken);

    public Task<OsbAnswer> PollBindingAsync(
        BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, string? operation, CancellationToken cancellationToken) =>
        CallAsync(
            connection, OsbCall.PollBinding,
            api => ct => api.PollBindingAsync(instanceId, bindingId, plan.ServiceId, plan.PlanId, operation, ct), cancellationToken);

    public Task<OsbAnswer> FetchBindingAsync(
        BrokerConnection connection, Guid instanceId, Guid bindingId, OsbPlanRef plan, CancellationToken cancellationToken) =>
        CallAsync(connection, OsbCall.FetchBinding, api => ct => api.FetchBindingAsync(instanceId, bindingId, plan.ServiceId, plan.PlanId, ct), cancellationToken);

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<OsbAnswer> CallAsync(
        BrokerConnection connection,
        OsbCall call,
        Func<IOsbApi, Func<CancellationToken, Task<IApiResponse<string>>>> send,
        CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        var watch = Stopwatch.StartNew();
        using var http = CreateHttpClient(connection, requestId);
        var api = RestService.For<IOsbApi>(http);
        OsbAnswer answer;
        string? echoed = null;
        try
        {
            var response = await send(api)(cancellationToken);
            if (response.StatusCode is { } status)
            {
                var headers = HeadersOf(response);
                echoed = headers.GetValueOrDefault("X-Broker-API-Request-Identity");
                var body = response.IsSuccessStatusCode ? response.Content : (response.Error as ApiException)?.Content;
                answer = OsbAnswerReader.Read(call, (int)status, body, headers.GetValueOrDefault("Retry-After"), clock.GetUtcNow());
            }
            else
            {
                answer = Classify((Exception?)response.Error ?? new HttpRequestException("no response"), connection);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(e))
        {
            answer = Classify(e, connection);
        }

        answer = answer with { RequestId = requestId, Duration = watch.Elapsed };

        // Both request ids are logged: ours, and the one the broker echoed (so its owner can find the call in its own logs).
        // An answer the protocol expects is Debug (hundreds a second under load would drown the rest); no answer, a
        // refusal or a malformed one is Information.
        logger.Log(
            answer is OsbAnswer.NoAnswer or OsbAnswer.Refusal or OsbAnswer.Malformed ? LogLevel.Information : LogLevel.Debug,
            "OSB {Operation} on {Connection}: {Answer} {Status} in {DurationMs} ms (request {RequestId}, broker echoed {EchoedRequestId})",
            call, connection.Name, answer.GetType().Name, answer.Status, (long)answer.Duration.TotalMilliseconds, requestId, echoed);
        return answer;
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

    private static OsbAnswer Classify(Exception e, BrokerConnection connection)
    {
        var chain = new List<Exception>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            chain.Add(current);
        }

        if (chain.OfType<AnswerTooLargeException>().FirstOrDefault() is { } tooLarge)
        {
            return new OsbAnswer.Malformed(tooLarge.Message) { Status = tooLarge.Status };
        }

        var (kind, reason) = chain switch
        {
            _ when chain.OfType<EndpointForbiddenException>().FirstOrDefault() is { } forbidden =>
                (NoAnswerKind.EndpointForbidden, forbidden.Message),
            _ when chain.Any(x => x is AuthenticationException) =>
                (NoAnswerKind.TlsInvalid, $"The TLS certificate of {connection.Endpoint} is not trusted or does not match its host name."),
            _ when chain.Any(x => x is TimeoutException or TaskCanceledException or OperationCanceledException) =>
                (NoAnswerKind.Timeout, $"The broker did not answer within {connection.Timeout.TotalSeconds:0.#} s."),
            _ => (NoAnswerKind.Unreachable, $"The broker at {connection.Endpoint} could not be reached: {TransportFailure(chain)}."),
        };
        return OsbAnswerReader.NoAnswer(kind, reason);
    }

    /// <summary>
    /// What went wrong on the way to the broker, in words of our own: the runtime's messages can carry the addresses a
    /// name resolved to, and the answer must not map the platform's internal network.
    /// </summary>
    private static string TransportFailure(List<Exception> chain) =>
        chain.OfType<SocketException>().FirstOrDefault()?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "the connection was refused",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "its host name does not resolve",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown => "there is no route to its host",
            SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "the connection was reset",
            SocketError.TimedOut => "the connection timed out",
            { } other => $"the connection failed ({other})",
            null => chain.OfType<HttpRequestException>().FirstOrDefault()?.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "its host name does not resolve",
                HttpRequestError.ConnectionError => "the connection failed",
                HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                HttpRequestError.ResponseEnded => "it closed the connection before a complete answer",
                HttpRequestError.InvalidResponse => "its answer was not valid HTTP",
                HttpRequestError.ConfigurationLimitExceeded => "its answer exceeded the limits on headers",
                _ => "the connection failed",
            },
        };

    private static Dictionary<string, string> HeadersOf(IApiResponse response) =>
        (response.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Concat(response.ContentHeaders ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
}

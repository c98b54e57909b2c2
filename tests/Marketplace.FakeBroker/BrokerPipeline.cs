using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Marketplace.FakeBroker;

/// <summary>Endpoint metadata naming the OSB operation a route implements.</summary>
internal sealed record OperationTag(OsbOperation Operation);

/// <summary>
/// What every request goes through before its route: record it, echo the request identity, check Basic auth
/// (401) and the API version (412), then apply the switches of its operation — a scripted answer, a hang,
/// a delay — and only then the route's default behaviour.
/// </summary>
internal static class BrokerPipeline
{
    public const string ApiVersionHeader = "X-Broker-API-Version";
    public const string RequestIdentityHeader = "X-Broker-API-Request-Identity";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var state = context.RequestServices.GetRequiredService<BrokerState>();
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var operation = context.GetEndpoint()?.Metadata.GetMetadata<OperationTag>()?.Operation;
        var recorded = await RecordAsync(context, state, operation);
        context.Items[typeof(RecordedRequest)] = recorded;

        var identity = context.Request.Headers[RequestIdentityHeader];
        if (identity.Count > 0)
        {
            context.Response.Headers[RequestIdentityHeader] = identity;
        }

        if (operation == OsbOperation.Catalog)
        {
            state.Recorder.CatalogStarted();
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        int? status = null;
        try
        {
            var early = Authenticate(context, state) ?? CheckApiVersion(context, state);
            if (early is null && operation is { } op)
            {
                var scripted = state.Behaviour.NextScripted(op);
                var neverAnswers = scripted is null && state.Behaviour.NeverAnswers(op);
                var flaky = scripted is null && !neverAnswers ? state.Behaviour.NextFlaky(op) : null;
                var delay = scripted is not null ? scripted.Delay ?? TimeSpan.Zero
                    : neverAnswers ? Timeout.InfiniteTimeSpan
                    : state.Behaviour.DelayFor(op) + (flaky?.Delay ?? TimeSpan.Zero);
                if (delay != TimeSpan.Zero && !await PauseAsync(delay, cancel.Token))
                {
                    context.Abort();
                    return;
                }
                early = scripted is not null ? OsbResult.From(scripted)
                    : flaky is { Error: true } ? FlakyError(op)
                    : null;
            }
            if (early is not null)
            {
                await early.ExecuteAsync(context);
            }
            else
            {
                await next(context);
            }
            status = context.Response.StatusCode;
        }
        catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client left (or the broker is stopping) while being answered.
        }
        finally
        {
            if (operation == OsbOperation.Catalog)
            {
                state.Recorder.CatalogFinished();
            }
            var aborted = status is null && cancel.IsCancellationRequested;
            recorded.Complete(aborted ? null : status ?? 500, aborted, state.Clock.GetUtcNow());
            state.Recorder.Completed();
            if (state.Options.LogRequests)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Marketplace.FakeBroker")
                    .LogInformation("{Method} {Target} -> {Outcome}", recorded.Method, recorded.RawTarget, aborted ? "aborted" : recorded.ResponseStatus);
            }
        }
    }

    /// <summary>What a flaky call answers instead of doing its work: the retryable 422 for updates, a 500 otherwise.</summary>
    private static OsbResult FlakyError(OsbOperation operation) => operation == OsbOperation.Update
        ? OsbResult.Error(StatusCodes.Status422UnprocessableEntity, "ConcurrencyError", "fake broker: flaky: another operation is in progress")
        : OsbResult.Error(StatusCodes.Status500InternalServerError, "InternalError", $"fake broker: flaky: {operation} failed");

    /// <summary>Waits, answering false when the client went away or the broker is stopping first.</summary>
    private static async Task<bool> PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<RecordedRequest> RecordAsync(HttpContext context, BrokerState state, OsbOperation? operation)
    {
        var request = context.Request;
        var body = "";
        try
        {
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            body = await reader.ReadToEndAsync(context.RequestAborted);
            request.Body.Position = 0;
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // Recorded without its body; the pipeline sees the abort.
        }
        var recorded = new RecordedRequest(
            state.Recorder.NextSequence(),
            request.Method,
            request.Path.Value ?? "",
            context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString,
            request.QueryString.Value ?? "",
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            state.Clock.GetUtcNow(),
            operation,
            request.RouteValues["instanceId"] as string,
            request.RouteValues["bindingId"] as string);
        state.Recorder.Add(recorded);
        return recorded;
    }

    private static OsbResult? Authenticate(HttpContext context, BrokerState state)
    {
        var (username, password) = state.Behaviour.Credentials;
        var problem = BasicCredentialsProblem(context.Request.Headers.Authorization.ToString(), username, password);
        return problem is null
            ? null
            : new OsbResult(
                StatusCodes.Status401Unauthorized,
                OsbResult.ErrorJson("Unauthorized", $"fake broker: {problem}"),
                new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"fake-osb-broker\"" });
    }

    /// <summary>null when the header carries exactly these credentials; the password is everything after the FIRST ':'.</summary>
    private static string? BasicCredentialsProblem(string header, string username, string password)
    {
        const string scheme = "Basic ";
        if (string.IsNullOrEmpty(header))
        {
            return "the request has no Authorization header";
        }
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "the Authorization header is not Basic";
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return "the Basic credentials are not Base64";
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return "the Basic credentials have no ':'";
        }
        var userMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded[..colon]), Encoding.UTF8.GetBytes(username));
        var passwordMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]), Encoding.UTF8.GetBytes(password));
        return userMatches && passwordMatches ? null : "wrong user name or password";
    }

    private static OsbResult? CheckApiVersion(HttpContext context, BrokerState state)
    {
        if (!state.Behaviour.RequireApiVersion)
        {
            return null;
        }
        var minimum = state.Behaviour.MinimumApiVersion;
        var sent = context.Request.Headers[ApiVersionHeader].ToString();
        if (Version.TryParse(sent, out var version) && version >= minimum)
        {
            return null;
        }
        var description = string.IsNullOrEmpty(sent)
            ? $"fake broker: the {ApiVersionHeader} header is missing; this broker needs {minimum} or later"
            : $"fake broker: this broker needs {ApiVersionHeader} {minimum} or later, the request sent '{sent}'";
        return OsbResult.Error(StatusCodes.Status412PreconditionFailed, "PreconditionFailed", description);
    }
}

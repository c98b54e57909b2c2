using System.Text;
using System.Text.Json.Nodes;

namespace Marketplace.FakeBroker;

/// <summary>
/// An answer with a status, an optional body (JSON unless the headers say otherwise) and extra headers; with a
/// <c>dripInterval</c> the headers go out at once and the body one byte per interval.
/// </summary>
internal sealed class OsbResult(int status, string? body, IReadOnlyDictionary<string, string>? headers = null, TimeSpan? dripInterval = null) : IResult
{
    public int Status => status;

    public static OsbResult Json(int status, JsonNode body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, body.ToJsonString(), headers);

    /// <summary>The <c>{}</c> body OSB uses for empty successes and for 410 Gone.</summary>
    public static OsbResult Empty(int status) => new(status, "{}");

    public static OsbResult Error(int status, string? error, string description) => new(status, ErrorJson(error, description));

    public static string ErrorJson(string? error, string description)
    {
        var body = new JsonObject();
        if (error is not null)
        {
            body["error"] = error;
        }
        body["description"] = description;
        return body.ToJsonString();
    }

    public static OsbResult From(ScriptedResponse scripted) => new(scripted.Status, scripted.Body, scripted.Headers, scripted.DripInterval);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }
        if (body is null)
        {
            return;
        }
        if (string.IsNullOrEmpty(response.ContentType))
        {
            response.ContentType = "application/json";
        }
        if (dripInterval is { } interval && interval > TimeSpan.Zero)
        {
            await DripAsync(httpContext, Encoding.UTF8.GetBytes(body), interval);
            return;
        }
        await response.WriteAsync(body, httpContext.RequestAborted);
    }

    /// <summary>Sends the headers now (announcing the whole body's length), then the body a byte at a time.</summary>
    private static async Task DripAsync(HttpContext httpContext, byte[] bytes, TimeSpan interval)
    {
        var response = httpContext.Response;
        var stopping = httpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        response.ContentLength = bytes.Length;
        await response.StartAsync(cancel.Token);
        await response.Body.FlushAsync(cancel.Token);
        for (var i = 0; i < bytes.Length; i++)
        {
            await Task.Delay(interval, cancel.Token);
            await response.Body.WriteAsync(bytes.AsMemory(i, 1), cancel.Token);
            await response.Body.FlushAsync(cancel.Token);
        }
    }
}

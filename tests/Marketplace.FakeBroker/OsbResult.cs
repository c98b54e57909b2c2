using System.Text.Json.Nodes;

namespace Marketplace.FakeBroker;

/// <summary>An answer with a status, an optional body (JSON unless the headers say otherwise) and extra headers.</summary>
internal sealed class OsbResult(int status, string? body, IReadOnlyDictionary<string, string>? headers = null) : IResult
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

    public static OsbResult From(ScriptedResponse scripted) => new(scripted.Status, scripted.Body, scripted.Headers);

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
        await response.WriteAsync(body, httpContext.RequestAborted);
    }
}

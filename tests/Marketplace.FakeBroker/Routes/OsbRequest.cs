using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.FakeBroker.Routes;

/// <summary>Shared request checks and answers of the instance and binding routes.</summary>
internal static class OsbRequest
{
    /// <summary>The request body as a JSON object, or the 400 to answer instead.</summary>
    public static JsonObject? JsonBody(HttpContext context, out OsbResult? problem)
    {
        var text = ((RecordedRequest)context.Items[typeof(RecordedRequest)]!).Body;
        problem = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject body)
            {
                return body;
            }
        }
        catch (JsonException)
        {
            // Answered below.
        }
        problem = OsbResult.Error(StatusCodes.Status400BadRequest, "BadRequest", "fake broker: the request body must be a JSON object");
        return null;
    }

    /// <summary>A 400 naming the body fields that are missing or not non-empty strings; null when all are there.</summary>
    public static OsbResult? MissingFields(JsonObject body, params string[] names)
    {
        var missing = names.Where(name => body[name] is not JsonValue value
            || !value.TryGetValue<string>(out var text) || string.IsNullOrEmpty(text)).ToList();
        return missing.Count == 0 ? null : OsbResult.Error(
            StatusCodes.Status400BadRequest, "BadRequest", $"fake broker: the body needs non-empty string fields: {string.Join(", ", missing)}");
    }

    /// <summary>A 400 naming the query parameters that are missing or empty; null when all are there.</summary>
    public static OsbResult? MissingQuery(HttpContext context, params string[] names)
    {
        var missing = names.Where(name => string.IsNullOrEmpty(context.Request.Query[name].ToString())).ToList();
        return missing.Count == 0 ? null : OsbResult.Error(
            StatusCodes.Status400BadRequest, "BadRequest", $"fake broker: the query needs: {string.Join(", ", missing)}");
    }

    public static string Text(JsonObject body, string name) => body[name]!.GetValue<string>();

    public static JsonObject? Parameters(JsonObject body) => body["parameters"]?.DeepClone() as JsonObject;

    /// <summary>When the operation is switched to async and the client did not say it accepts that: 422 AsyncRequired.</summary>
    public static OsbResult? RequireAcceptsIncomplete(HttpContext context, AsyncBehaviour? behaviour) =>
        behaviour is null || string.Equals(context.Request.Query["accepts_incomplete"].ToString(), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : OsbResult.Error(StatusCodes.Status422UnprocessableEntity, "AsyncRequired",
                "fake broker: this operation is asynchronous here; send accepts_incomplete=true");

    public static OsbResult ConcurrencyError(string what) =>
        OsbResult.Error(StatusCodes.Status422UnprocessableEntity, "ConcurrencyError", $"fake broker: {what}");

    public static OsbResult NotFound(string what) => OsbResult.Error(StatusCodes.Status404NotFound, null, $"fake broker: {what}");

    /// <summary>202 with <paramref name="body"/> plus the operation token (when there is one) and the behaviour's <c>Retry-After</c> (when set).</summary>
    public static OsbResult Accepted(PendingOperation operation, JsonObject? body = null)
    {
        body ??= [];
        if (operation.Token is not null)
        {
            body["operation"] = operation.Token;
        }
        return operation.Behaviour.AcceptedRetryAfter is { } retryAfter
            ? OsbResult.Json(StatusCodes.Status202Accepted, body, new Dictionary<string, string> { ["Retry-After"] = retryAfter })
            : OsbResult.Json(StatusCodes.Status202Accepted, body);
    }

    /// <summary>A last_operation answer for <paramref name="operation"/> (null: nothing known → 410 Gone), counting the poll.</summary>
    public static OsbResult Poll(PendingOperation? operation, DateTimeOffset now)
    {
        if (operation is null)
        {
            return OsbResult.Empty(StatusCodes.Status410Gone);
        }
        operation.Advance(now, countPoll: true);
        var behaviour = operation.Behaviour;
        if (!operation.IsFinished)
        {
            var progress = new JsonObject { ["state"] = "in progress", ["description"] = $"fake broker: {operation.Kind} in progress (poll {operation.Polls})" };
            return behaviour.RetryAfter is null
                ? OsbResult.Json(StatusCodes.Status200OK, progress)
                : OsbResult.Json(StatusCodes.Status200OK, progress, new Dictionary<string, string> { ["Retry-After"] = behaviour.RetryAfter });
        }
        if (operation.State == "succeeded" && behaviour.GoneWhenDone && operation.Kind is OsbOperation.Deprovision or OsbOperation.Unbind)
        {
            return OsbResult.Empty(StatusCodes.Status410Gone);
        }
        var answer = new JsonObject { ["state"] = operation.State };
        if (operation.Description is not null)
        {
            answer["description"] = operation.Description;
        }
        if (operation.State == "failed")
        {
            if (behaviour.InstanceUsable is { } usable)
            {
                answer["instance_usable"] = usable;
            }
            if (behaviour.UpdateRepeatable is { } repeatable)
            {
                answer["update_repeatable"] = repeatable;
            }
        }
        return OsbResult.Json(StatusCodes.Status200OK, answer);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Common.Ports;

namespace Marketplace.Application.ServiceInstances.Operations;

/// <summary>
/// Reads what a broker answered: the JSON body (which may be anything at all), its OSB fields, and a text that
/// says what happened for users and operators. "Malformed" means not a JSON object, or a field of the wrong
/// type (O97).
/// </summary>
public sealed class BrokerAnswer
{
    private BrokerAnswer(BrokerCallResult call, JsonObject? body, bool bodyIsObject)
    {
        Call = call;
        Body = body;
        BodyIsObject = bodyIsObject;
    }

    public BrokerCallResult Call { get; }

    public JsonObject? Body { get; }

    /// <summary>The body is a JSON object (an empty one counts).</summary>
    public bool BodyIsObject { get; }

    public bool Answered => Call.Outcome == BrokerCallOutcome.Answered;

    public int Status => Call.Status ?? 0;

    public bool IsTimeout => Call.Outcome == BrokerCallOutcome.Timeout;

    public static BrokerAnswer Of(BrokerCallResult call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Outcome != BrokerCallOutcome.Answered)
        {
            return new BrokerAnswer(call, null, false);
        }

        // Every field of an OSB answer is optional: an empty body reads as {} (O97: malformed means not JSON, or not an object).
        if (string.IsNullOrWhiteSpace(call.Body))
        {
            return new BrokerAnswer(call, [], true);
        }

        try
        {
            if (JsonNode.Parse(call.Body) is not JsonObject body)
            {
                return new BrokerAnswer(call, null, false);
            }

            _ = body.Count; // properties are read lazily: a duplicate key only throws here
            return new BrokerAnswer(call, body, true);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return new BrokerAnswer(call, null, false);
        }
    }

    /// <summary>The OSB <c>error</c> code of an error body (<c>ConcurrencyError</c>, <c>AsyncRequired</c>, …).</summary>
    public string? ErrorCode => StringField("error");

    public string? Description => StringField("description");

    public bool IsConcurrencyError => Status == 422 && ErrorCode == "ConcurrencyError";

    public bool IsMaintenanceInfoConflict => Status == 422 && ErrorCode == "MaintenanceInfoConflict";

    public bool? InstanceUsable => BoolField("instance_usable");

    public bool? UpdateRepeatable => BoolField("update_repeatable");

    /// <summary>A string field; null when absent, null, or not a string.</summary>
    public string? StringField(string name) =>
        Body?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public bool? BoolField(string name) =>
        Body?[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    /// <summary>A field is absent, null, or of the expected kind.</summary>
    public bool FieldIsAbsentOr(string name, JsonValueKind kind) =>
        Body is not null && (!Body.TryGetPropertyValue(name, out var node) || node is null || node.GetValueKind() == kind);

    /// <summary>A 202's body: a JSON object whose <c>operation</c> (optional) is a string of at most 10,000 characters (E44).</summary>
    public bool IsWellFormedAccepted(int maxOperationLength) =>
        BodyIsObject && FieldIsAbsentOr("operation", JsonValueKind.String) && (StringField("operation")?.Length ?? 0) <= maxOperationLength;

    /// <summary>
    /// The <c>last_operation</c> state in its OSB spelling (D33), read leniently (case and surrounding blanks do not
    /// matter); null for anything else.
    /// </summary>
    public string? PollState => StringField("state")?.Trim().ToLowerInvariant() switch
    {
        "in progress" => "in progress",
        "succeeded" => "succeeded",
        "failed" => "failed",
        _ => null,
    };

    /// <summary>Why a 200 poll answer is not understood, for users (P4).</summary>
    public string ExplainUnknownPollState() =>
        StringField("state") is { } state
            ? $"The broker answered the poll with an unknown state '{(state.Length > 100 ? state[..100] + "…" : state)}' (expected 'in progress', 'succeeded' or 'failed')."
            : BodyIsObject ? "The broker answered the poll without a state." : "The broker answered the poll with a body that is not a JSON object.";

    /// <summary>D34: <c>Retry-After</c> in delta-seconds or as an HTTP date; null when absent or unreadable.</summary>
    public TimeSpan? RetryAfter(DateTimeOffset now)
    {
        if (Call.Headers?.GetValueOrDefault("Retry-After") is not { } value || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(365).TotalSeconds));
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at > now ? at - now : TimeSpan.Zero
            : null;
    }

    /// <summary>What happened, for <c>lastOperation.description</c> and <c>lastError</c>: the broker's own description when it gave one.</summary>
    public string Explain(string operation)
    {
        if (!Answered)
        {
            return Call.Error ?? $"The broker could not be reached for {operation}.";
        }

        var description = Description;
        var code = ErrorCode;
        var prefix = $"The broker answered {operation} with HTTP {Status}";
        return (code, description) switch
        {
            (null, null) => $"{prefix}.",
            (null, _) => $"{prefix}: {description}",
            (_, null) => $"{prefix} ({code}).",
            _ => $"{prefix} ({code}): {description}",
        };
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Domain.Osb;

/// <summary>
/// Reads what a broker sent back — which may be anything at all — into an <see cref="OsbAnswer"/>, by the call it
/// answers (a 200 means something else to a PUT, a DELETE and a poll). Where the spec is open (O97): an empty body
/// reads as <c>{}</c> (every OSB field is optional); malformed means not JSON, not an object, a duplicate key, or
/// a field of the wrong type; poll states are read case-insensitively.
/// </summary>
public static class OsbAnswerReader
{
    /// <summary>OSB caps <c>operation</c> at 10,000 characters (E44).</summary>
    public const int MaxOperationLength = 10_000;

    /// <summary>Broker descriptions and error codes are text of any length; longer ones are cut here.</summary>
    public const int MaxDescriptionLength = 4000;

    private const int MaxErrorCodeLength = 200;

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(365);

    /// <summary>A duplicate key anywhere in a body makes it malformed (its meaning would depend on the reader).</summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static OsbAnswer Read(OsbCall call, int status, string? body, string? retryAfter, DateTimeOffset now)
    {
        var answer = status switch
        {
            200 when call == OsbCall.Catalog => new OsbAnswer.CatalogDocument(body ?? string.Empty),
            200 or 201 when call is OsbCall.Provision or OsbCall.Bind => ReadDone(body, isBinding: call == OsbCall.Bind),
            200 when call is OsbCall.Update => ReadDone(body, isBinding: false),
            200 when call is OsbCall.FetchBinding => ReadDone(body, isBinding: true),
            200 when call is OsbCall.Deprovision or OsbCall.Unbind => new OsbAnswer.Done(ParseObject(body, out _) is { } gone ? new OsbBody(gone) : OsbBody.Empty),
            200 when call is OsbCall.PollInstance or OsbCall.PollBinding => ReadLastOperation(body),
            202 when call is OsbCall.Provision or OsbCall.Update or OsbCall.Deprovision or OsbCall.Bind or OsbCall.Unbind => ReadAccepted(body),
            410 => new OsbAnswer.Gone(ReadError(body)),
            404 => new OsbAnswer.NotFound(ReadError(body)),
            409 => new OsbAnswer.Conflict(ReadError(body)),
            401 or 403 => new OsbAnswer.Unauthorized(ReadError(body)),
            422 => ReadUnprocessable(ReadError(body)),
            >= 400 and < 500 => new OsbAnswer.BadRequest(ReadError(body)),
            >= 500 => new OsbAnswer.ServerError(ReadError(body)),
            >= 300 and < 400 => new OsbAnswer.Redirect(ReadError(body)),
            _ => (OsbAnswer)new OsbAnswer.UnexpectedStatus(ReadError(body)),
        };
        return answer with { Status = status, RetryAfter = ReadRetryAfter(retryAfter, now) };
    }

    public static OsbAnswer NoAnswer(NoAnswerKind kind, string reason) => new OsbAnswer.NoAnswer(kind, reason);

    /// <summary>D34: <c>Retry-After</c> in delta-seconds or as an HTTP date; null when absent or unreadable.</summary>
    public static TimeSpan? ReadRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (value.All(char.IsAsciiDigit))
        {
            // Delta-seconds of any length: beyond a year (or a long) reads as a year; the schedule caps it further.
            return value.Length <= 12 && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryAfter.TotalSeconds))
                : MaxRetryAfter;
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at > now ? at - now : TimeSpan.Zero
            : null;
    }

    private static OsbAnswer ReadDone(string? body, bool isBinding)
    {
        if (ParseObject(body, out var problem) is not { } json)
        {
            return new OsbAnswer.Malformed(problem);
        }

        var read = new OsbBody(json);
        if (isBinding && !read.IsAbsentOr("credentials", JsonValueKind.Object))
        {
            return new OsbAnswer.Malformed("credentials is not an object"); // I69
        }

        if (isBinding && !read.IsAbsentOr("endpoints", JsonValueKind.Array))
        {
            return new OsbAnswer.Malformed("endpoints is not an array");
        }

        return new OsbAnswer.Done(read);
    }

    private static OsbAnswer ReadAccepted(string? body)
    {
        if (ParseObject(body, out var problem) is not { } json)
        {
            return new OsbAnswer.Malformed(problem);
        }

        var read = new OsbBody(json);
        if (!read.IsAbsentOr("operation", JsonValueKind.String))
        {
            return new OsbAnswer.Malformed("operation is not a string");
        }

        var operation = read.Text("operation");
        return operation is { Length: > MaxOperationLength }
            ? new OsbAnswer.Malformed($"operation is longer than {MaxOperationLength} characters")
            : new OsbAnswer.Accepted(operation, read);
    }

    private static OsbAnswer ReadLastOperation(string? body)
    {
        if (ParseObject(body, out var problem) is not { } json)
        {
            return new OsbAnswer.Malformed(problem);
        }

        var read = new OsbBody(json);
        PollState? state = read.Text("state")?.Trim().ToLowerInvariant() switch
        {
            "in progress" => PollState.InProgress,
            "succeeded" => PollState.Succeeded,
            "failed" => PollState.Failed,
            _ => null,
        };
        if (state is null)
        {
            return new OsbAnswer.Malformed(read.Text("state") is { } unknown
                ? $"unknown state '{Cut(unknown, 100)}', expected 'in progress', 'succeeded' or 'failed'"
                : "no state");
        }

        return new OsbAnswer.LastOperation(
            state.Value, Cut(read.Text("description"), MaxDescriptionLength), read.Flag("instance_usable"), read.Flag("update_repeatable"));
    }

    private static OsbAnswer ReadUnprocessable(OsbError error) => error.Code switch
    {
        "ConcurrencyError" => new OsbAnswer.ConcurrencyError(error),
        "AsyncRequired" => new OsbAnswer.AsyncRequired(error),
        "MaintenanceInfoConflict" => new OsbAnswer.MaintenanceInfoConflict(error),
        _ => new OsbAnswer.BadRequest(error),
    };

    private static OsbError ReadError(string? body)
    {
        if (ParseObject(body, out _) is not { } json)
        {
            return OsbError.None;
        }

        var read = new OsbBody(json);
        return new OsbError(
            Cut(read.Text("error"), MaxErrorCodeLength), Cut(read.Text("description"), MaxDescriptionLength),
            read.Flag("instance_usable"), read.Flag("update_repeatable"));
    }

    /// <summary>The body as a JSON object; an empty body is <c>{}</c>. Null, with the reason, when it is none.</summary>
    private static JsonObject? ParseObject(string? body, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            if (JsonNode.Parse(body, documentOptions: Strict) is not JsonObject json)
            {
                problem = "not a JSON object";
                return null;
            }

            return json;
        }
        catch (JsonException e)
        {
            problem = e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? "a duplicate key" : "not JSON";
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            problem = "a duplicate key";
            return null;
        }
    }

    internal static string? Cut(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;
}

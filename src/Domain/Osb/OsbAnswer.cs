namespace Marketplace.Domain.Osb;

/// <summary>
/// What one call to a broker came back with, already read (<see cref="OsbAnswerReader"/>): the broker port
/// answers these, never a raw status and body. Every answer carries the request identity we sent, the HTTP
/// status (null when no answer came) and how long the call took.
/// </summary>
public abstract record OsbAnswer
{
    /// <summary>The <c>X-Broker-API-Request-Identity</c> we sent (X8): the broker's owner finds the call by it.</summary>
    public string RequestId { get; init; } = string.Empty;

    /// <summary>The HTTP status; null when no answer came.</summary>
    public int? Status { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>The broker's <c>Retry-After</c> (D34), when it sent a readable one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>What came back, in words for users and operators: "HTTP 500 (Code): description", "no answer within 60 s".</summary>
    public abstract string Describe();

    private protected string Http(OsbError? error = null)
    {
        var text = $"HTTP {Status}";
        return (error?.Code, error?.Description) switch
        {
            (null, null) => text,
            (null, { } description) => $"{text}: {description}",
            ({ } code, null) => $"{text} ({code})",
            ({ } code, { } description) => $"{text} ({code}): {description}",
        };
    }

    /// <summary>No HTTP answer: the broker was unreachable, too slow, or refused by TLS or the endpoint policy.</summary>
    public sealed record NoAnswer(NoAnswerKind Kind, string Reason) : OsbAnswer
    {
        /// <summary>The request may have reached the broker (a timeout, a connection lost mid-request): something may exist there now.</summary>
        public bool MayHaveReachedBroker => Kind is NoAnswerKind.Timeout or NoAnswerKind.Unreachable;

        /// <summary>Counts towards the connection's circuit breaker: the transport failed, not the broker's logic.</summary>
        public bool IsTransportFailure => Kind is NoAnswerKind.Timeout or NoAnswerKind.Unreachable or NoAnswerKind.TlsInvalid;

        public override string Describe() => Reason;
    }

    /// <summary>200 or 201 with a well-formed body: the call is done (for a delete: the resource is gone).</summary>
    public sealed record Done(OsbBody Body) : OsbAnswer
    {
        public override string Describe() => Http();
    }

    /// <summary>200 to GET /v2/catalog: the document, unparsed (the catalog parser reads it, C16–C26).</summary>
    public sealed record CatalogDocument(string Json) : OsbAnswer
    {
        public override string Describe() => Http();
    }

    /// <summary>202 with a well-formed body: poll <c>last_operation</c>, echoing <see cref="Operation"/> (D30, D31).</summary>
    public sealed record Accepted(string? Operation, OsbBody Body) : OsbAnswer
    {
        public override string Describe() => Http();
    }

    /// <summary>410 Gone: the resource does not exist (success for deletes and their polls, D35).</summary>
    public sealed record Gone(OsbError Error) : OsbAnswer
    {
        public override string Describe() => Http(Error);
    }

    /// <summary>200 to a <c>last_operation</c> poll with a state OSB defines (D33).</summary>
    public sealed record LastOperation(PollState State, string? Description, bool? InstanceUsable, bool? UpdateRepeatable) : OsbAnswer
    {
        public override string Describe() =>
            $"{Http()}, state '{State switch { PollState.InProgress => "in progress", PollState.Succeeded => "succeeded", _ => "failed" }}'" +
            (Description is null ? string.Empty : $": {Description}");
    }

    /// <summary>A 200, 201 or 202 whose body cannot be read as OSB defines it (O97: not JSON, not an object, a duplicate key, a field of the wrong type).</summary>
    public sealed record Malformed(string Problem) : OsbAnswer
    {
        public override string Describe() => $"HTTP {Status} with a malformed body ({Problem})";
    }

    /// <summary>An answer that says no: every 3xx, 4xx and 5xx but 410, and the 1xx/2xx the call does not define.</summary>
    public abstract record Refusal(OsbError Error) : OsbAnswer
    {
        public override string Describe() => Http(Error);
    }

    /// <summary>404: for a fetch, "not there (yet)" (J77); for a poll, an answer to keep polling through (D37).</summary>
    public sealed record NotFound(OsbError Error) : Refusal(Error);

    /// <summary>409 Conflict.</summary>
    public sealed record Conflict(OsbError Error) : Refusal(Error);

    /// <summary>401 or 403: the broker refused our credentials.</summary>
    public sealed record Unauthorized(OsbError Error) : Refusal(Error);

    /// <summary>422 <c>ConcurrencyError</c>: another operation runs at the broker; retry later, never orphan-mitigate (N95).</summary>
    public sealed record ConcurrencyError(OsbError Error) : Refusal(Error);

    /// <summary>422 <c>AsyncRequired</c>: we always send <c>accepts_incomplete=true</c>, so this is the broker's mistake.</summary>
    public sealed record AsyncRequired(OsbError Error) : Refusal(Error);

    /// <summary>422 <c>MaintenanceInfoConflict</c>: our catalog is out of date (N96).</summary>
    public sealed record MaintenanceInfoConflict(OsbError Error) : Refusal(Error);

    /// <summary>Any other 4xx (400, 408, 412, 422 with another code …), with the broker's error code.</summary>
    public sealed record BadRequest(OsbError Error) : Refusal(Error);

    /// <summary>5xx.</summary>
    public sealed record ServerError(OsbError Error) : Refusal(Error);

    /// <summary>3xx: redirects are never followed.</summary>
    public sealed record Redirect(OsbError Error) : Refusal(Error);

    /// <summary>A 1xx or 2xx the call does not define (a 204, a 201 to a PATCH or DELETE …): "other 2xx" in the checklist.</summary>
    public sealed record UnexpectedStatus(OsbError Error) : Refusal(Error);
}

/// <summary>An OSB error body's fields (all optional): <c>error</c>, <c>description</c>, <c>instance_usable</c>, <c>update_repeatable</c>.</summary>
public sealed record OsbError(string? Code, string? Description, bool? InstanceUsable = null, bool? UpdateRepeatable = null)
{
    public static OsbError None { get; } = new(null, null);
}

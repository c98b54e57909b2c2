using Marketplace.Domain.Brokers.Rules;
using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;

namespace Marketplace.Domain.Brokers;

/// <summary>
/// A customer's registered OSB broker (B1–B3, B9) and its publications (B5–B8). The registration itself
/// is private to the customer; each publication is a separate deployment at a public location or Global.
/// </summary>
public sealed class ServiceBroker : AggregateRoot
{
    public const int DefaultRequestTimeoutSeconds = 60;
    public const int MaxRequestTimeoutSeconds = 600;

    private readonly List<Publication> _publications = [];

    private ServiceBroker()
    {
        Name = string.Empty;
        Identifier = string.Empty;
        Endpoint = string.Empty;
        Username = string.Empty;
        ProtectedPassword = string.Empty;
    }

    public Guid CustomerId { get; private set; }

    public string Name { get; private set; }

    /// <summary>Globally unique and immutable (B1): there is no method that changes it.</summary>
    public string Identifier { get; private set; }

    public string Endpoint { get; private set; }

    public string Username { get; private set; }

    /// <summary>The password as the secret protector encrypted it; never the plain text.</summary>
    public string ProtectedPassword { get; private set; }

    /// <summary>Skips TLS certificate validation for this private registration only.</summary>
    public bool DevelopmentMode { get; private set; }

    public int RequestTimeoutSeconds { get; private set; }

    /// <summary>
    /// The owner's limit on calls in flight to each of the broker's connections (1 up to the platform's
    /// <c>Brokers:MaxConcurrentCallsPerConnection</c>); null leaves it at the platform's ceiling.
    /// </summary>
    public int? MaxConcurrentCalls { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public IReadOnlyCollection<Publication> Publications => _publications.AsReadOnly();

    public static ServiceBroker Register(BrokerRegistration registration, DateTimeOffset now, int concurrentCallsCeiling = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(registration);
        CheckRule(new MaxConcurrentCallsMustBeInRangeRule(registration.MaxConcurrentCalls, concurrentCallsCeiling));
        CheckRule(new IdentifierMustBeASlugRule(registration.Identifier, "broker"));
        CheckRule(new NameMustNotBeEmptyRule(registration.Name, "broker"));
        CheckRule(new BrokerEndpointMustBeAnAbsoluteHttpUrlRule(registration.Endpoint));
        CheckRule(new BrokerUsernameMustNotBeEmptyRule(registration.Username));
        CheckRule(new RequestTimeoutMustBeInRangeRule(registration.RequestTimeoutSeconds));
        BrokerEndpoint.TryNormalize(registration.Endpoint, out var endpoint, out _);

        return new ServiceBroker
        {
            CustomerId = registration.CustomerId,
            Name = registration.Name.Trim(),
            Identifier = registration.Identifier,
            Endpoint = endpoint,
            Username = registration.Username,
            ProtectedPassword = registration.ProtectedPassword,
            DevelopmentMode = registration.DevelopmentMode,
            RequestTimeoutSeconds = registration.RequestTimeoutSeconds ?? DefaultRequestTimeoutSeconds,
            MaxConcurrentCalls = registration.MaxConcurrentCalls,
            RegisteredAt = now,
        };
    }

    /// <summary>Refuses any attempt to give the broker another identifier (B1, B3).</summary>
    public void EnsureIdentifierUnchanged(string? requestedIdentifier) =>
        CheckRule(new BrokerIdentifierIsImmutableRule(Identifier, requestedIdentifier));

    /// <summary>
    /// Edits the registration (B3); absent values stay. Answers whether the connection changed
    /// (endpoint, credentials or development mode), which calls for a new catalog check.
    /// </summary>
    public bool Edit(BrokerEdit edit, int concurrentCallsCeiling = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(edit);
        if (edit.MaxConcurrentCalls is not null)
        {
            CheckRule(new MaxConcurrentCallsMustBeInRangeRule(edit.MaxConcurrentCalls, concurrentCallsCeiling));
        }

        if (edit.Name is not null)
        {
            CheckRule(new NameMustNotBeEmptyRule(edit.Name, "broker"));
        }

        if (edit.Endpoint is not null)
        {
            CheckRule(new BrokerEndpointMustBeAnAbsoluteHttpUrlRule(edit.Endpoint));
        }

        if (edit.Username is not null)
        {
            CheckRule(new BrokerUsernameMustNotBeEmptyRule(edit.Username));
        }

        if (edit.RequestTimeoutSeconds is not null)
        {
            CheckRule(new RequestTimeoutMustBeInRangeRule(edit.RequestTimeoutSeconds));
        }

        var before = (Name, Endpoint, Username, ProtectedPassword, DevelopmentMode, RequestTimeoutSeconds, MaxConcurrentCalls);
        Name = edit.Name?.Trim() ?? Name;
        if (edit.Endpoint is not null)
        {
            BrokerEndpoint.TryNormalize(edit.Endpoint, out var endpoint, out _);
            Endpoint = endpoint;
        }

        Username = edit.Username ?? Username;
        ProtectedPassword = edit.ProtectedPassword ?? ProtectedPassword;
        DevelopmentMode = edit.DevelopmentMode ?? DevelopmentMode;
        RequestTimeoutSeconds = edit.RequestTimeoutSeconds ?? RequestTimeoutSeconds;
        MaxConcurrentCalls = edit.MaxConcurrentCalls ?? MaxConcurrentCalls;

        var after = (Name, Endpoint, Username, ProtectedPassword, DevelopmentMode, RequestTimeoutSeconds, MaxConcurrentCalls);
        if (before != after)
        {
            MarkChanged();
        }

        return edit.ProtectedPassword is not null
            || before.Endpoint != after.Endpoint
            || before.Username != after.Username
            || before.DevelopmentMode != after.DevelopmentMode;
    }

    /// <summary>Publishes a new deployment of this broker to a public location or Global (B5).</summary>
    public Publication Publish(Location location, PublicationRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(request);
        CheckRule(new BrokerEndpointMustBeAnAbsoluteHttpUrlRule(request.Endpoint));
        BrokerEndpoint.TryNormalize(request.Endpoint, out var endpoint, out _);
        CheckRule(new PublicationEndpointMustBeHttpsRule(endpoint));
        CheckRule(new BrokerUsernameMustNotBeEmptyRule(request.Username));
        CheckRule(new DevelopmentModeOnlyForPrivateRegistrationRule(request.DevelopmentMode));
        CheckRule(new PublicationOnlyToPublicLocationOrGlobalRule(location));
        CheckRule(new OnePublicationPerLocationRule(_publications, location.Identifier));

        var publication = new Publication(Id, location.Identifier, endpoint, request.Username, request.ProtectedPassword, now);
        _publications.Add(publication);
        MarkChanged();
        return publication;
    }

    public Publication? FindPublication(Guid publicationId) => _publications.Find(p => p.Id == publicationId);

    /// <summary>Calls in flight allowed to each connection: the owner's limit, never above the platform's ceiling.</summary>
    public int ConcurrentCallBudget(int ceiling) => MaxConcurrentCalls is { } limit && limit < ceiling ? limit : ceiling;

    /// <summary>Withdraws a publication that is not approved yet (B8); it is removed.</summary>
    public void RevokePublication(Guid publicationId)
    {
        var publication = RequirePublication(publicationId);
        CheckRule(new PublicationCanBeRevokedOnlyWhileNotApprovedRule(publication));
        _publications.Remove(publication);
        MarkChanged();
    }

    /// <summary>A platform admin makes a pending publication visible (B6).</summary>
    public Publication ApprovePublication(Guid publicationId, string adminUserId, DateTimeOffset now)
    {
        var publication = RequirePublication(publicationId);
        CheckRule(new OnlyPendingPublicationsCanBeDecidedRule(publication));
        publication.Approve(adminUserId, now);
        MarkChanged();
        return publication;
    }

    /// <summary>A platform admin turns down a pending publication (B6); the location is free again.</summary>
    public Publication RejectPublication(Guid publicationId, string adminUserId, string? reason, DateTimeOffset now)
    {
        var publication = RequirePublication(publicationId);
        CheckRule(new OnlyPendingPublicationsCanBeDecidedRule(publication));
        publication.Reject(adminUserId, reason, now);
        MarkChanged();
        return publication;
    }

    /// <summary>
    /// Checks that the broker may be deleted (B9): the caller typed its name, and no publication is
    /// approved. Deletion sends nothing to the broker; the caller removes the aggregate.
    /// </summary>
    public void EnsureCanBeDeleted(string? confirmName)
    {
        CheckRule(new DeletionMustBeConfirmedWithBrokerNameRule(Name, confirmName));
        CheckRule(new BrokerCanBeDeletedOnlyWithoutApprovedPublicationsRule(_publications));
    }

    private Publication RequirePublication(Guid publicationId) =>
        FindPublication(publicationId) ?? throw new DomainRuleViolation(new PublicationMustExistRule(publicationId));
}

public sealed record BrokerRegistration(
    Guid CustomerId,
    string Name,
    string Identifier,
    string Endpoint,
    string Username,
    string ProtectedPassword,
    bool DevelopmentMode,
    int? RequestTimeoutSeconds,
    int? MaxConcurrentCalls = null);

public sealed record BrokerEdit(
    string? Name = null,
    string? Endpoint = null,
    string? Username = null,
    string? ProtectedPassword = null,
    bool? DevelopmentMode = null,
    int? RequestTimeoutSeconds = null,
    int? MaxConcurrentCalls = null);

public sealed record PublicationRequest(string Endpoint, string Username, string ProtectedPassword, bool DevelopmentMode = false);

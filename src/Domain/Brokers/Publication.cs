namespace Marketplace.Domain.Brokers;

/// <summary>
/// A deployment of a broker at one public location or Global (B5), with its own https endpoint and
/// credentials. Invisible until a platform admin approves it (B6). Part of the <see cref="ServiceBroker"/>
/// aggregate; change it only through the broker.
/// </summary>
public sealed class Publication
{
    private Publication()
    {
        LocationIdentifier = string.Empty;
        Endpoint = string.Empty;
        Username = string.Empty;
        ProtectedPassword = string.Empty;
    }

    internal Publication(
        Guid brokerId, string locationIdentifier, string endpoint, string username, string protectedPassword, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        BrokerId = brokerId;
        LocationIdentifier = locationIdentifier;
        Endpoint = endpoint;
        Username = username;
        ProtectedPassword = protectedPassword;
        Status = PublicationStatus.Pending;
        RequestedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid BrokerId { get; private set; }

    public string LocationIdentifier { get; private set; }

    public string Endpoint { get; private set; }

    public string Username { get; private set; }

    /// <summary>The password as the secret protector encrypted it; never the plain text.</summary>
    public string ProtectedPassword { get; private set; }

    public PublicationStatus Status { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DecidedBy { get; private set; }

    /// <summary>Pending and approved publications hold their location; rejected ones do not.</summary>
    public bool HoldsLocation => Status is PublicationStatus.Pending or PublicationStatus.Approved;

    internal void Approve(string adminUserId, DateTimeOffset now)
    {
        Status = PublicationStatus.Approved;
        Reason = null;
        DecidedAt = now;
        DecidedBy = adminUserId;
    }

    internal void Reject(string adminUserId, string? reason, DateTimeOffset now)
    {
        Status = PublicationStatus.Rejected;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        DecidedAt = now;
        DecidedBy = adminUserId;
    }
}

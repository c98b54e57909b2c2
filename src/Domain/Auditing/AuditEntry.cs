namespace Marketplace.Domain.Auditing;

/// <summary>One audited action: who did what to which record, when (X4's operator actions, for a start).</summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
        UserId = string.Empty;
        Action = string.Empty;
        Target = string.Empty;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public DateTimeOffset At { get; private set; }

    public string UserId { get; private set; }

    /// <summary>The customer whose records were touched, so its admins can read the entry.</summary>
    public Guid? CustomerId { get; private set; }

    /// <summary>A stable name, e.g. <c>operation.purged</c>.</summary>
    public string Action { get; private set; }

    /// <summary>What was touched, e.g. <c>instance/&lt;id&gt;</c>.</summary>
    public string Target { get; private set; }

    public string? Details { get; private set; }

    public static AuditEntry Record(DateTimeOffset at, string userId, Guid? customerId, string action, string target, string? details) =>
        new() { At = at, UserId = userId, CustomerId = customerId, Action = action, Target = target, Details = details };
}

namespace Marketplace.Domain.SharedKernel;

/// <summary>
/// Root of a consistency boundary. <see cref="Version"/> is the optimistic-concurrency token: every
/// intention method that changes the aggregate (or one of its children) renews it, so the database
/// refuses a write based on a stale read and clients get it as the ETag.
/// </summary>
public abstract class AggregateRoot
{
    public Guid Id { get; protected set; } = Guid.NewGuid();

    public Guid Version { get; private set; } = Guid.NewGuid();

    protected void MarkChanged() => Version = Guid.NewGuid();

    protected static void CheckRule(IBusinessRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.IsBroken())
        {
            throw new DomainRuleViolation(rule);
        }
    }
}

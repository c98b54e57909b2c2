using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Tenancy;

/// <summary>A customer owns projects and brokers; its admins are users granted by a platform admin.</summary>
public sealed class Customer : AggregateRoot
{
    private readonly List<CustomerAdmin> _admins = [];

    private Customer()
    {
        Identifier = string.Empty;
        Name = string.Empty;
    }

    public string Identifier { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyCollection<CustomerAdmin> Admins => _admins.AsReadOnly();

    public static Customer Create(string identifier, string name, DateTimeOffset now)
    {
        CheckRule(new IdentifierMustBeASlugRule(identifier, "customer"));
        CheckRule(new NameMustNotBeEmptyRule(name, "customer"));
        return new Customer { Identifier = identifier, Name = name.Trim(), CreatedAt = now };
    }

    public void Rename(string name)
    {
        CheckRule(new NameMustNotBeEmptyRule(name, "customer"));
        if (Name == name.Trim())
        {
            return;
        }

        Name = name.Trim();
        MarkChanged();
    }

    public bool IsAdmin(string userId) => _admins.Exists(a => a.UserId == userId);

    /// <summary>Idempotent: granting an existing admin changes nothing.</summary>
    public void GrantAdmin(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (IsAdmin(userId))
        {
            return;
        }

        _admins.Add(new CustomerAdmin(userId));
        MarkChanged();
    }

    /// <summary>Idempotent: revoking a user who is no admin changes nothing.</summary>
    public void RevokeAdmin(string userId)
    {
        if (_admins.RemoveAll(a => a.UserId == userId) > 0)
        {
            MarkChanged();
        }
    }
}

public sealed class CustomerAdmin
{
    public CustomerAdmin(string userId) => UserId = userId;

    public string UserId { get; private set; }
}

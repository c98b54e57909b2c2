using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy.Rules;

namespace Marketplace.Domain.Tenancy;

/// <summary>A customer's project: its members use the marketplace locations the project enabled.</summary>
public sealed class Project : AggregateRoot
{
    private readonly List<ProjectMember> _members = [];
    private readonly List<ProjectLocation> _locations = [];

    private Project()
    {
        Identifier = string.Empty;
        Name = string.Empty;
    }

    public Guid CustomerId { get; private set; }

    public string Identifier { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyCollection<ProjectMember> Members => _members.AsReadOnly();

    public IReadOnlyCollection<ProjectLocation> Locations => _locations.AsReadOnly();

    public static Project Create(Guid customerId, string identifier, string name, DateTimeOffset now)
    {
        CheckRule(new IdentifierMustBeASlugRule(identifier, "project"));
        CheckRule(new NameMustNotBeEmptyRule(name, "project"));
        return new Project { CustomerId = customerId, Identifier = identifier, Name = name.Trim(), CreatedAt = now };
    }

    public void Rename(string name)
    {
        CheckRule(new NameMustNotBeEmptyRule(name, "project"));
        if (Name == name.Trim())
        {
            return;
        }

        Name = name.Trim();
        MarkChanged();
    }

    public bool HasMember(string userId) => _members.Exists(m => m.UserId == userId);

    public void AddMember(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (HasMember(userId))
        {
            return;
        }

        _members.Add(new ProjectMember(userId));
        MarkChanged();
    }

    public void RemoveMember(string userId)
    {
        if (_members.RemoveAll(m => m.UserId == userId) > 0)
        {
            MarkChanged();
        }
    }

    /// <summary>Enables a marketplace location; a private location only of the project's own customer.</summary>
    public void EnableLocation(Location location)
    {
        ArgumentNullException.ThrowIfNull(location);
        CheckRule(new PrivateLocationOnlyForOwnCustomerRule(location, CustomerId));
        if (_locations.Exists(l => l.LocationIdentifier == location.Identifier))
        {
            return;
        }

        _locations.Add(new ProjectLocation(location.Identifier));
        MarkChanged();
    }

    public void DisableLocation(string locationIdentifier)
    {
        if (_locations.RemoveAll(l => l.LocationIdentifier == locationIdentifier) > 0)
        {
            MarkChanged();
        }
    }
}

public sealed class ProjectMember
{
    public ProjectMember(string userId) => UserId = userId;

    public string UserId { get; private set; }
}

public sealed class ProjectLocation
{
    public ProjectLocation(string locationIdentifier) => LocationIdentifier = locationIdentifier;

    public string LocationIdentifier { get; private set; }
}

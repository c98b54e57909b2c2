using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy.Rules;

namespace Marketplace.Domain.Tenancy;

/// <summary>A marketplace location: Global, a public location, or a customer's private location.</summary>
public sealed class Location : AggregateRoot
{
    public const string GlobalIdentifier = "global";
    public const string PrivatePrefix = "private-";

    /// <summary>Fixed id of the Global location, seeded by the migrations.</summary>
    public static readonly Guid GlobalId = new("00000000-0000-0000-0000-000000000001");

    private Location()
    {
        Identifier = string.Empty;
        Name = string.Empty;
    }

    public string Identifier { get; private set; }

    public string Name { get; private set; }

    public LocationType Type { get; private set; }

    /// <summary>The owning customer of a private location; null for Global and public ones.</summary>
    public Guid? CustomerId { get; private set; }

    public static Location CreatePublic(string identifier, string name)
    {
        CheckRule(new IdentifierMustBeASlugRule(identifier, "location"));
        CheckRule(new LocationIdentifierIsReservedRule(identifier));
        CheckRule(new NameMustNotBeEmptyRule(name, "location"));
        return new Location { Identifier = identifier, Name = name.Trim(), Type = LocationType.Public };
    }

    public static Location CreateGlobal() => new()
    {
        Id = GlobalId,
        Identifier = GlobalIdentifier,
        Name = "Global",
        Type = LocationType.Global,
    };

    /// <summary>The private location a customer gets with its first broker registration (B2).</summary>
    public static Location CreatePrivateFor(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new Location
        {
            Identifier = PrivateIdentifierOf(customer.Identifier),
            Name = $"{customer.Name} (private)",
            Type = LocationType.Private,
            CustomerId = customer.Id,
        };
    }

    public static string PrivateIdentifierOf(string customerIdentifier) => PrivatePrefix + customerIdentifier;

    /// <summary>Whether brokers may be published here: Global and public locations only (B5).</summary>
    public bool AcceptsPublications => Type is LocationType.Global or LocationType.Public;

    public bool IsVisibleTo(Guid customerId) => Type != LocationType.Private || CustomerId == customerId;
}

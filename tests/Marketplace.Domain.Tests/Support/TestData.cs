using Marketplace.Domain.Brokers;
using Marketplace.Domain.Tenancy;

namespace Marketplace.Domain.Tests.Support;

/// <summary>Moments, ids and ready-made aggregates the domain tests share. There is no clock: methods take "now".</summary>
public static class TestData
{
    public static readonly DateTimeOffset RegisteredAt = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset PublishedAt = new(2025, 3, 15, 10, 0, 0, TimeSpan.FromHours(1));
    public static readonly DateTimeOffset DecidedAt = new(2025, 3, 17, 16, 45, 0, TimeSpan.Zero);

    public static readonly Guid AcmeId = new("6f1c2a4e-8a55-4b0e-9d0e-2f7c1d3a9b01");

    public const string PlatformAdmin = "platform-admin-1";

    public const string PublicationEndpoint = "https://eu-west.pg.example.com";

    public static BrokerRegistration Registration() => new(
        CustomerId: AcmeId,
        Name: "Postgres Broker",
        Identifier: "postgres-broker",
        Endpoint: "http://localhost:8080/",
        Username: "broker",
        ProtectedPassword: "protected(s3cr3t:with-colon)",
        DevelopmentMode: true,
        RequestTimeoutSeconds: null);

    public static ServiceBroker Broker() => ServiceBroker.Register(Registration(), RegisteredAt);

    public static PublicationRequest Publication(string endpoint = PublicationEndpoint) =>
        new(endpoint, "publisher", "protected(publication-secret)");

    public static Location EuWest() => Location.CreatePublic("eu-west", "EU West");

    public static Location UsEast() => Location.CreatePublic("us-east", "US East");

    public static Customer Acme() => Customer.Create("acme", "ACME Corp", RegisteredAt);

    public static Customer Globex() => Customer.Create("globex", "Globex", RegisteredAt);

    /// <summary>A broker with one publication at <paramref name="location"/>, still pending.</summary>
    public static (ServiceBroker Broker, Publication Publication) BrokerPublishedTo(Location location)
    {
        var broker = Broker();
        var publication = broker.Publish(location, Publication(), PublishedAt);
        return (broker, publication);
    }

    /// <summary>Identifiers that are no slug; tests add null with an InlineData of their own.</summary>
    public static TheoryData<string> InvalidIdentifiers() => new()
    {
        "",
        "ab",
        "1abc",
        "-abc",
        "Acme",
        "ac_me",
        "ac me",
        "acmé",
        "a" + new string('b', 63),
    };

    public static TheoryData<string> ValidIdentifiers() => new()
    {
        "abc",
        "a-1",
        "acme-corp-2",
        "a" + new string('b', 62),
    };

    /// <summary>Names that are blank or too long; tests add null with an InlineData of their own.</summary>
    public static TheoryData<string> InvalidNames() => new()
    {
        "",
        "   ",
        new string('n', 201),
    };
}

using Marketplace.Domain.Catalog;
using Shouldly;
using static Marketplace.Domain.Tests.Catalog.CatalogSamples;

namespace Marketplace.Domain.Tests.Catalog;

public sealed class ConnectionCatalogRecordFailure
{
    [Fact]
    [Trait("Checklist", "C26")]
    public void A_failed_refresh_keeps_the_last_good_catalog_and_records_the_error()
    {
        var catalog = ConnectionCatalog.For(Guid.NewGuid(), Guid.NewGuid());
        var lastChange = catalog.Apply(PostgresAndRedis(), new HashSet<string>(), Refreshed);
        var services = catalog.Services.Select(s => (s.Id, s.Name, s.Active, Plans: s.Plans.Count)).ToList();
        var version = catalog.Version;
        var parsed = CatalogParser.Parse("""{ "services": [ { "id": "svc-pg", "name": "postgres" } ] }""");
        parsed.IsValid.ShouldBeFalse();

        catalog.RecordFailure(CatalogProblem.Summarize(parsed.Problems), FailedAt);

        catalog.Services.Select(s => (s.Id, s.Name, s.Active, Plans: s.Plans.Count)).ShouldBe(services);
        catalog.Services.SelectMany(s => s.Plans).ShouldAllBe(p => p.Active);
        catalog.LastError.ShouldNotBeNull().ShouldContain("services[0].description: Required 'description' is missing.");
        catalog.LastError.ShouldContain("services[0].plans");
        catalog.LastErrorAt.ShouldBe(FailedAt);
        catalog.LastRefreshedAt.ShouldBe(Refreshed);
        catalog.LastChange.ShouldBeSameAs(lastChange);
        catalog.Version.ShouldNotBe(version);
    }

    [Fact]
    public void A_failure_before_any_successful_refresh_leaves_the_catalog_empty()
    {
        var catalog = ConnectionCatalog.For(Guid.NewGuid(), null);

        catalog.RecordFailure("broker.unreachable: connection refused", FailedAt);

        catalog.Services.ShouldBeEmpty();
        catalog.LastRefreshedAt.ShouldBeNull();
        catalog.LastChange.ShouldBeNull();
        catalog.LastError.ShouldBe("broker.unreachable: connection refused");
    }

    [Fact]
    public void The_next_successful_refresh_clears_the_error()
    {
        var catalog = ConnectionCatalog.For(Guid.NewGuid(), null);
        catalog.RecordFailure("timeout", Refreshed);

        catalog.Apply(PostgresAndRedis(), new HashSet<string>(), RefreshedLater);

        catalog.LastError.ShouldBeNull();
        catalog.LastErrorAt.ShouldBeNull();
        catalog.LastRefreshedAt.ShouldBe(RefreshedLater);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_failure_needs_a_reason(string error)
    {
        var catalog = ConnectionCatalog.For(Guid.NewGuid(), null);
        var version = catalog.Version;

        Should.Throw<ArgumentException>(() => catalog.RecordFailure(error, FailedAt));

        catalog.LastError.ShouldBeNull();
        catalog.Version.ShouldBe(version);
    }
}

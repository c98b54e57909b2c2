using Marketplace.Domain.Catalog;
using Shouldly;
using static Marketplace.Domain.Tests.Catalog.CatalogSamples;

namespace Marketplace.Domain.Tests.Catalog;

public sealed class ConnectionCatalogApply
{
    private static readonly Guid BrokerId = new("0b7c6a0e-3d1f-4e55-9a8b-7c6d5e4f3a21");

    private static readonly IReadOnlySet<string> NoInstances = new HashSet<string>();

    private static IReadOnlySet<string> InstancesOn(params string[] brokerPlanIds) => new HashSet<string>(brokerPlanIds, StringComparer.Ordinal);

    private static ConnectionCatalog Stored(BrokerCatalog catalog)
    {
        var stored = ConnectionCatalog.For(BrokerId, null);
        stored.Apply(catalog, NoInstances, Refreshed);
        return stored;
    }

    private static ServiceOffering ServiceOf(ConnectionCatalog catalog, string brokerServiceId) =>
        catalog.Services.Single(s => s.BrokerServiceId == brokerServiceId);

    private static ServicePlan PlanOf(ConnectionCatalog catalog, string brokerPlanId) =>
        catalog.Services.SelectMany(s => s.Plans).Single(p => p.BrokerPlanId == brokerPlanId);

    /// <summary>Everything a reader can see of the stored catalog, to prove that nothing changed.</summary>
    private static string Snapshot(ConnectionCatalog catalog) => string.Join(
        " | ",
        catalog.Services.Select(s =>
            $"{s.Id} {s.BrokerServiceId} {s.Name} {s.Description} {s.Active} [" +
            string.Join(", ", s.Plans.Select(p => $"{p.Id} {p.ServiceOfferingId} {p.BrokerPlanId} {p.Name} {p.Description} {p.Active}")) + "]"));

    [Fact]
    public void A_new_catalog_belongs_to_one_connection_and_is_empty_until_refreshed()
    {
        var publicationId = Guid.NewGuid();

        var catalog = ConnectionCatalog.For(BrokerId, publicationId);

        catalog.BrokerId.ShouldBe(BrokerId);
        catalog.PublicationId.ShouldBe(publicationId);
        catalog.Id.ShouldNotBe(Guid.Empty);
        catalog.Services.ShouldBeEmpty();
        catalog.LastRefreshedAt.ShouldBeNull();
        catalog.LastError.ShouldBeNull();
        catalog.LastErrorAt.ShouldBeNull();
        catalog.LastChange.ShouldBeNull();
        ConnectionCatalog.For(BrokerId, null).PublicationId.ShouldBeNull();
    }

    [Fact]
    public void A_catalog_needs_a_broker_and_the_private_registration_is_null_not_an_empty_id()
    {
        Should.Throw<ArgumentException>(() => ConnectionCatalog.For(Guid.Empty, null));
        Should.Throw<ArgumentException>(() => ConnectionCatalog.For(BrokerId, Guid.Empty));
    }

    [Fact]
    public void The_same_document_again_is_confirmed_without_a_diff_and_changes_only_the_status()
    {
        var catalog = ConnectionCatalog.For(BrokerId, null);
        catalog.Apply(PostgresAndRedis(), NoInstances, Refreshed, documentFingerprint: "abc123");
        catalog.RecordFailure("broker.timeout: slow", Refreshed);
        var before = Snapshot(catalog);
        var version = catalog.Version;

        catalog.TryConfirmUnchanged("abc123", hasInactiveEntries: false, RefreshedLater).ShouldBeTrue();

        Snapshot(catalog).ShouldBe(before);
        catalog.LastRefreshedAt.ShouldBe(RefreshedLater);
        catalog.LastChange.ShouldNotBeNull().IsEmpty.ShouldBeTrue();
        catalog.LastError.ShouldBeNull();
        catalog.Version.ShouldNotBe(version);
    }

    [Theory]
    [InlineData("other", false)]
    [InlineData("abc123", true)]
    public void Another_document_or_entries_kept_for_instances_need_the_full_refresh(string fingerprint, bool hasInactiveEntries)
    {
        var catalog = ConnectionCatalog.For(BrokerId, null);
        catalog.Apply(PostgresAndRedis(), NoInstances, Refreshed, documentFingerprint: "abc123");
        var version = catalog.Version;

        catalog.TryConfirmUnchanged(fingerprint, hasInactiveEntries, RefreshedLater).ShouldBeFalse();

        catalog.LastRefreshedAt.ShouldBe(Refreshed);
        catalog.Version.ShouldBe(version);
    }

    [Fact]
    public void A_catalog_applied_without_a_fingerprint_is_never_confirmed_unchanged()
    {
        var catalog = Stored(PostgresAndRedis());

        catalog.TryConfirmUnchanged("abc123", hasInactiveEntries: false, RefreshedLater).ShouldBeFalse();
    }

    [Fact]
    [Trait("Checklist", "C20")]
    [Trait("Checklist", "C28")]
    public void The_first_refresh_adds_every_offering_and_plan_as_active()
    {
        var catalog = ConnectionCatalog.For(BrokerId, null);
        var version = catalog.Version;

        var change = catalog.Apply(PostgresAndRedis(), NoInstances, Refreshed);

        change.Added.ShouldBe(["postgres", "postgres/small", "postgres/large", "redis", "redis/free"]);
        change.Updated.ShouldBeEmpty();
        change.Deactivated.ShouldBeEmpty();
        change.Removed.ShouldBeEmpty();
        change.AddedCount.ShouldBe(5);
        change.IsEmpty.ShouldBeFalse();
        catalog.LastChange.ShouldBeSameAs(change);
        catalog.LastRefreshedAt.ShouldBe(Refreshed);
        catalog.Version.ShouldNotBe(version);

        catalog.Services.Select(s => s.BrokerServiceId).ShouldBe(["svc-pg", "svc-redis"]);
        catalog.Services.ShouldAllBe(s => s.Active && s.Id != Guid.Empty);
        var postgres = ServiceOf(catalog, "svc-pg");
        postgres.Plans.Select(p => p.BrokerPlanId).ShouldBe(["pg-small", "pg-large"]);
        postgres.Plans.ShouldAllBe(p => p.Active && p.Id != Guid.Empty && p.ServiceOfferingId == postgres.Id);
        catalog.Services.SelectMany(s => s.Plans).Select(p => p.Id).Distinct().Count().ShouldBe(3);
        catalog.FindService(postgres.Id).ShouldBeSameAs(postgres);
        catalog.FindPlan(PlanOf(catalog, "redis-free").Id).ShouldBeSameAs(PlanOf(catalog, "redis-free"));
        catalog.FindPlan(Guid.NewGuid()).ShouldBeNull();
    }

    [Fact]
    [Trait("Checklist", "C22")]
    public void Every_field_of_the_broker_catalog_is_stored()
    {
        var parsed = ParseValid(Valid).Catalog!;

        var catalog = Stored(parsed);

        var postgres = ServiceOf(catalog, "svc-postgres");
        var source = parsed.Services[0];
        (postgres.Name, postgres.Description, postgres.Bindable, postgres.PlanUpdateable).ShouldBe((source.Name, source.Description, true, true));
        (postgres.InstancesRetrievable, postgres.BindingsRetrievable, postgres.AllowContextUpdates).ShouldBe((true, true, false));
        postgres.Tags.ShouldBe(["sql", "postgres"]);
        postgres.Requires.ShouldBeEmpty();
        postgres.MetadataJson.ShouldBe(source.MetadataJson);
        var small = PlanOf(catalog, "plan-pg-small");
        var sourcePlan = source.Plans[0];
        (small.Name, small.Description, small.Free, small.Bindable, small.PlanUpdateable, small.BindingRotatable)
            .ShouldBe((sourcePlan.Name, sourcePlan.Description, false, (bool?)null, (bool?)null, false));
        small.MaximumPollingDurationSeconds.ShouldBe(3600);
        (small.MaintenanceInfoVersion, small.MaintenanceInfoDescription).ShouldBe(("2.1.0+build.7", "PostgreSQL 16.2"));
        small.SchemasJson.ShouldBe(sourcePlan.SchemasJson);
        small.MetadataJson.ShouldBe(sourcePlan.MetadataJson);
        ServiceOf(catalog, "svc-redis").Requires.ShouldBe(["syslog_drain"]);
    }

    [Fact]
    [Trait("Checklist", "C28")]
    public void The_same_catalog_again_changes_nothing_but_the_refresh_time_and_version()
    {
        var catalog = Stored(PostgresAndRedis());
        var before = Snapshot(catalog);
        var version = catalog.Version;

        var change = catalog.Apply(PostgresAndRedis(), NoInstances, RefreshedLater);

        change.IsEmpty.ShouldBeTrue();
        Snapshot(catalog).ShouldBe(before);
        catalog.LastRefreshedAt.ShouldBe(RefreshedLater);
        catalog.LastChange.ShouldBeSameAs(change);
        catalog.Version.ShouldNotBe(version);
    }

    [Fact]
    [Trait("Checklist", "C20")]
    public void Renames_keep_the_broker_id_and_our_ids()
    {
        var catalog = Stored(PostgresAndRedis());
        var serviceId = ServiceOf(catalog, "svc-pg").Id;
        var planId = PlanOf(catalog, "pg-small").Id;

        var change = catalog.Apply(
            CatalogOf(
                Service("svc-pg", "PostgreSQL", Plan("pg-small", "Small (1 vCPU)"), Plan("pg-large", "large")),
                Service("svc-redis", "redis", Plan("redis-free", "free"))),
            NoInstances,
            RefreshedLater);

        change.Updated.ShouldBe(["PostgreSQL", "PostgreSQL/Small (1 vCPU)"]);
        change.Added.ShouldBeEmpty();
        change.Removed.ShouldBeEmpty();
        var postgres = ServiceOf(catalog, "svc-pg");
        postgres.Id.ShouldBe(serviceId);
        postgres.Name.ShouldBe("PostgreSQL");
        PlanOf(catalog, "pg-small").Id.ShouldBe(planId);
        PlanOf(catalog, "pg-small").Name.ShouldBe("Small (1 vCPU)");
    }

    [Fact]
    [Trait("Checklist", "C20")]
    public void A_different_id_is_a_different_plan_even_with_identical_names()
    {
        var catalog = Stored(PostgresAndRedis());
        var oldPlanId = PlanOf(catalog, "pg-small").Id;

        var change = catalog.Apply(
            CatalogOf(
                Service("svc-pg", "postgres", Plan("pg-small-v2", "small"), Plan("pg-large", "large")),
                Service("svc-redis", "redis", Plan("redis-free", "free"))),
            NoInstances,
            RefreshedLater);

        change.Added.ShouldBe(["postgres/small"]);
        change.Removed.ShouldBe(["postgres/small"]);
        PlanOf(catalog, "pg-small-v2").Id.ShouldNotBe(oldPlanId);
        catalog.FindPlan(oldPlanId).ShouldBeNull();
    }

    [Fact]
    [Trait("Checklist", "C28")]
    public void Only_entries_whose_values_changed_count_as_updated()
    {
        var first = CatalogOf(
            Service("svc-pg", "postgres", Plan("pg-small", "small"), Plan("pg-large", "large")) with
            {
                Tags = ["sql", "db"],
                MetadataJson = """{ "displayName": "PostgreSQL", "imageUrl": "https://example.com/pg.png" }""",
            },
            Service("svc-redis", "redis", Plan("redis-free", "free") with { SchemasJson = """{ "service_instance": {} }""" }));
        var catalog = Stored(first);

        var change = catalog.Apply(
            CatalogOf(
                first.Services[0] with
                {
                    // Same metadata, re-indented and reordered: no change.
                    MetadataJson = """{"imageUrl":"https://example.com/pg.png",   "displayName":"PostgreSQL"}""",
                    Plans = [Plan("pg-small", "small") with { Free = false }, Plan("pg-large", "large")],
                },
                first.Services[1] with
                {
                    Tags = ["cache"],
                    Plans = [Plan("redis-free", "free") with { SchemasJson = """{"service_instance":{}}""" }],
                }),
            NoInstances,
            RefreshedLater);

        change.Updated.ShouldBe(["postgres/small", "redis"]);
        change.UpdatedCount.ShouldBe(2);
        change.Added.ShouldBeEmpty();
        ServiceOf(catalog, "svc-pg").MetadataJson.ShouldBe(first.Services[0].MetadataJson);
        PlanOf(catalog, "pg-small").Free.ShouldBeFalse();
        ServiceOf(catalog, "svc-redis").Tags.ShouldBe(["cache"]);
    }

    [Theory]
    [Trait("Checklist", "C22")]
    [InlineData("description")]
    [InlineData("bindable")]
    [InlineData("plan_updateable")]
    [InlineData("binding_rotatable")]
    [InlineData("maximum_polling_duration")]
    [InlineData("maintenance_info")]
    [InlineData("schemas")]
    [InlineData("metadata")]
    public void A_change_to_any_plan_field_is_an_update(string field)
    {
        var plan = Plan("pg-small", "small");
        var catalog = Stored(CatalogOf(Service("svc-pg", "postgres", plan)));
        var changed = field switch
        {
            "description" => plan with { Description = "Now with more RAM" },
            "bindable" => plan with { Bindable = false },
            "plan_updateable" => plan with { PlanUpdateable = true },
            "binding_rotatable" => plan with { BindingRotatable = true },
            "maximum_polling_duration" => plan with { MaximumPollingDurationSeconds = 60 },
            "maintenance_info" => plan with { MaintenanceInfoVersion = "1.0.1", MaintenanceInfoDescription = "patch" },
            "schemas" => plan with { SchemasJson = """{ "service_binding": {} }""" },
            _ => plan with { MetadataJson = """{ "bullets": ["fast"] }""" },
        };

        var change = catalog.Apply(CatalogOf(Service("svc-pg", "postgres", changed)), NoInstances, RefreshedLater);

        change.Updated.ShouldBe(["postgres/small"]);
    }

    [Fact]
    [Trait("Checklist", "C27")]
    [Trait("Checklist", "C28")]
    public void A_removed_plan_with_instances_is_kept_inactive_and_one_without_is_deleted()
    {
        var catalog = Stored(PostgresAndRedis());
        var largeId = PlanOf(catalog, "pg-large").Id;
        var smallId = PlanOf(catalog, "pg-small").Id;

        var change = catalog.Apply(
            CatalogOf(Service("svc-pg", "postgres", Plan("pg-medium", "medium")), Service("svc-redis", "redis", Plan("redis-free", "free"))),
            InstancesOn("pg-large", "some-other-plan"),
            RefreshedLater);

        change.Added.ShouldBe(["postgres/medium"]);
        change.Deactivated.ShouldBe(["postgres/large"]);
        change.Removed.ShouldBe(["postgres/small"]);
        change.DeactivatedCount.ShouldBe(1);
        change.RemovedCount.ShouldBe(1);
        var large = catalog.FindPlan(largeId).ShouldNotBeNull();
        large.Active.ShouldBeFalse();
        catalog.FindPlan(smallId).ShouldBeNull();
        ServiceOf(catalog, "svc-pg").Active.ShouldBeTrue();
        ServiceOf(catalog, "svc-pg").Plans.Select(p => (p.BrokerPlanId, p.Active)).ShouldBe([("pg-large", false), ("pg-medium", true)]);
    }

    [Fact]
    [Trait("Checklist", "C27")]
    public void A_removed_offering_is_kept_inactive_while_one_of_its_plans_has_instances()
    {
        var catalog = Stored(PostgresAndRedis());
        var postgresId = ServiceOf(catalog, "svc-pg").Id;

        var change = catalog.Apply(CatalogOf(Service("svc-redis", "redis", Plan("redis-free", "free"))), InstancesOn("pg-small"), RefreshedLater);

        change.Deactivated.ShouldBe(["postgres/small", "postgres"]);
        change.Removed.ShouldBe(["postgres/large"]);
        var postgres = catalog.FindService(postgresId).ShouldNotBeNull();
        postgres.Active.ShouldBeFalse();
        postgres.Plans.ShouldHaveSingleItem().BrokerPlanId.ShouldBe("pg-small");
        postgres.Plans.Single().Active.ShouldBeFalse();
    }

    [Fact]
    [Trait("Checklist", "C27")]
    public void A_removed_offering_without_instances_is_deleted_with_its_plans()
    {
        var catalog = Stored(PostgresAndRedis());

        var change = catalog.Apply(CatalogOf(Service("svc-redis", "redis", Plan("redis-free", "free"))), InstancesOn("redis-free"), RefreshedLater);

        change.Removed.ShouldBe(["postgres/small", "postgres/large", "postgres"]);
        change.Deactivated.ShouldBeEmpty();
        catalog.Services.ShouldHaveSingleItem().BrokerServiceId.ShouldBe("svc-redis");
    }

    [Fact]
    [Trait("Checklist", "C16")]
    [Trait("Checklist", "C27")]
    public void An_empty_catalog_retires_everything()
    {
        var catalog = Stored(PostgresAndRedis());

        var change = catalog.Apply(BrokerCatalog.Empty, InstancesOn("redis-free"), RefreshedLater);

        change.Removed.ShouldBe(["postgres/small", "postgres/large", "postgres"]);
        change.Deactivated.ShouldBe(["redis/free", "redis"]);
        catalog.Services.ShouldHaveSingleItem().Active.ShouldBeFalse();
    }

    [Fact]
    [Trait("Checklist", "C20")]
    [Trait("Checklist", "C27")]
    public void Deactivated_entries_that_reappear_are_active_again_with_their_ids()
    {
        var catalog = Stored(PostgresAndRedis());
        var postgresId = ServiceOf(catalog, "svc-pg").Id;
        var smallId = PlanOf(catalog, "pg-small").Id;
        catalog.Apply(CatalogOf(Service("svc-redis", "redis", Plan("redis-free", "free"))), InstancesOn("pg-small"), RefreshedLater);

        var change = catalog.Apply(PostgresAndRedis(), InstancesOn("pg-small"), FailedAt);

        change.Updated.ShouldBe(["postgres", "postgres/small"]);
        change.Added.ShouldBe(["postgres/large"]);
        var postgres = ServiceOf(catalog, "svc-pg");
        postgres.Id.ShouldBe(postgresId);
        postgres.Active.ShouldBeTrue();
        var small = PlanOf(catalog, "pg-small");
        small.Id.ShouldBe(smallId);
        small.Active.ShouldBeTrue();
    }

    [Fact]
    [Trait("Checklist", "C27")]
    public void An_inactive_plan_stays_quietly_while_it_has_instances_and_goes_when_they_are_gone()
    {
        var catalog = Stored(PostgresAndRedis());
        var withoutPostgres = CatalogOf(Service("svc-redis", "redis", Plan("redis-free", "free")));
        catalog.Apply(withoutPostgres, InstancesOn("pg-small"), RefreshedLater);

        var stillUsed = catalog.Apply(withoutPostgres, InstancesOn("pg-small"), RefreshedLater);
        var noLongerUsed = catalog.Apply(withoutPostgres, NoInstances, FailedAt);

        stillUsed.IsEmpty.ShouldBeTrue();
        noLongerUsed.Removed.ShouldBe(["postgres/small", "postgres"]);
        catalog.Services.ShouldHaveSingleItem().BrokerServiceId.ShouldBe("svc-redis");
    }

    [Fact]
    [Trait("Checklist", "C26")]
    public void A_plan_that_moves_to_another_offering_is_refused_and_nothing_changes()
    {
        var catalog = Stored(PostgresAndRedis());
        catalog.RecordFailure("broker unreachable", FailedAt);
        var before = Snapshot(catalog);
        var version = catalog.Version;
        var lastChange = catalog.LastChange;

        var moved = CatalogOf(
            Service("svc-pg", "postgres", Plan("pg-small", "small"), Plan("pg-new", "new")),
            Service("svc-redis", "redis", Plan("redis-free", "free"), Plan("pg-large", "large")));
        var error = Should.Throw<InvalidCatalogException>(() => catalog.Apply(moved, NoInstances, RefreshedLater));

        var problem = error.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("services[1].plans[1].id");
        problem.Message.ShouldContain("\"pg-large\"");
        problem.Message.ShouldContain("\"svc-pg\"");
        problem.Message.ShouldContain("\"svc-redis\"");
        InvalidCatalogException.ErrorCode.ShouldBe("broker.catalog_invalid");
        catalog.CheckCompatibility(moved).ShouldBe(error.Problems);
        Snapshot(catalog).ShouldBe(before);
        catalog.Version.ShouldBe(version);
        catalog.LastChange.ShouldBeSameAs(lastChange);
        catalog.LastRefreshedAt.ShouldBe(Refreshed);
        catalog.LastError.ShouldBe("broker unreachable");
    }

    [Fact]
    [Trait("Checklist", "C26")]
    public void Every_moved_plan_is_reported_including_inactive_ones_and_moves_into_new_offerings()
    {
        var catalog = Stored(PostgresAndRedis());
        catalog.Apply(CatalogOf(Service("svc-redis", "redis", Plan("redis-free", "free"))), InstancesOn("pg-small"), RefreshedLater);

        var problems = catalog.CheckCompatibility(CatalogOf(
            Service("svc-redis", "redis", Plan("redis-free", "free"), Plan("pg-small", "small")),
            Service("svc-mysql", "mysql", Plan("redis-free-2", "free"), Plan("redis-free", "stolen"))));

        problems.Select(p => p.Path).ShouldBe(["services[0].plans[1].id", "services[1].plans[1].id"]);
    }

    [Fact]
    [Trait("Checklist", "C26")]
    public void A_plan_id_deleted_in_an_earlier_refresh_may_come_back_anywhere()
    {
        var catalog = Stored(PostgresAndRedis());
        catalog.Apply(CatalogOf(Service("svc-redis", "redis", Plan("redis-free", "free"))), NoInstances, RefreshedLater);

        var change = catalog.Apply(CatalogOf(Service("svc-redis", "redis", Plan("redis-free", "free"), Plan("pg-small", "small"))), NoInstances, FailedAt);

        change.Added.ShouldBe(["redis/small"]);
    }

    [Fact]
    public void A_hand_made_catalog_with_repeated_ids_is_a_programming_error()
    {
        var catalog = ConnectionCatalog.For(BrokerId, null);

        Should.Throw<ArgumentException>(() => catalog.Apply(
            CatalogOf(Service("svc-pg", "a", Plan("p", "p")), Service("svc-pg", "b", Plan("q", "q"))), NoInstances, Refreshed));
        Should.Throw<ArgumentException>(() => catalog.Apply(
            CatalogOf(Service("svc-pg", "a", Plan("p", "p")), Service("svc-redis", "b", Plan("p", "q"))), NoInstances, Refreshed));
        catalog.Services.ShouldBeEmpty();
        catalog.LastRefreshedAt.ShouldBeNull();
    }
}

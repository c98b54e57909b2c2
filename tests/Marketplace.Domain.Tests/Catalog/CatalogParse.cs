using Marketplace.Domain.Catalog;
using Shouldly;
using static Marketplace.Domain.Tests.Catalog.CatalogSamples;

namespace Marketplace.Domain.Tests.Catalog;

public sealed class CatalogParse
{
    [Fact]
    [Trait("Checklist", "C16")]
    [Trait("Checklist", "C17")]
    [Trait("Checklist", "C18")]
    [Trait("Checklist", "C21")]
    [Trait("Checklist", "C22")]
    public void The_valid_sample_is_read_with_every_modelled_field()
    {
        var result = CatalogParser.Parse(Valid);

        result.IsValid.ShouldBeTrue();
        result.Problems.ShouldBeEmpty();
        var catalog = result.Catalog;
        catalog.Services.Select(s => s.BrokerServiceId).ShouldBe(["svc-postgres", "svc-redis"]);

        var postgres = catalog.Services[0];
        postgres.Name.ShouldBe("postgres");
        postgres.Description.ShouldBe("PostgreSQL databases on demand");
        postgres.Bindable.ShouldBeTrue();
        postgres.InstancesRetrievable.ShouldBeTrue();
        postgres.BindingsRetrievable.ShouldBeTrue();
        postgres.AllowContextUpdates.ShouldBeFalse();
        postgres.PlanUpdateable.ShouldBeTrue();
        postgres.Tags.ShouldBe(["sql", "postgres"]);
        postgres.Requires.ShouldBeEmpty();
        postgres.MetadataJson.ShouldBe("""{ "displayName": "PostgreSQL", "imageUrl": "https://example.com/pg.png", "x-vendor": true }""");
        postgres.Plans.Select(p => p.BrokerPlanId).ShouldBe(["plan-pg-small", "plan-pg-large"]);

        var small = postgres.Plans[0];
        small.Name.ShouldBe("small");
        small.Description.ShouldBe("1 vCPU, 2 GB");
        small.Free.ShouldBeFalse();
        small.Bindable.ShouldBeNull();
        small.PlanUpdateable.ShouldBeNull();
        small.BindingRotatable.ShouldBeFalse();
        small.MaximumPollingDurationSeconds.ShouldBe(3600);
        small.MaintenanceInfoVersion.ShouldBe("2.1.0+build.7");
        small.MaintenanceInfoDescription.ShouldBe("PostgreSQL 16.2");
        small.MetadataJson.ShouldNotBeNull().ShouldContain("\"costs\"");
        small.SchemasJson.ShouldNotBeNull().ShouldStartWith("{");
        small.SchemasJson.ShouldContain("#/definitions/extensions");

        var large = postgres.Plans[1];
        large.Bindable.ShouldBe(false);
        large.PlanUpdateable.ShouldBe(false);
        large.BindingRotatable.ShouldBeTrue();
        large.Free.ShouldBeTrue();
        large.MaintenanceInfoVersion.ShouldBeNull();
        large.SchemasJson.ShouldBeNull();
        large.MetadataJson.ShouldBeNull();

        var redis = catalog.Services[1];
        redis.Bindable.ShouldBeFalse();
        redis.Requires.ShouldBe(["syslog_drain"]);
        redis.Tags.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "C21")]
    [Trait("Checklist", "C22")]
    public void Absent_optional_fields_take_the_spec_defaults()
    {
        var catalog = ParseValid("""
            { "services": [ { "id": "s", "name": "s", "description": "d", "bindable": true,
                              "plans": [ { "id": "p", "name": "p", "description": "d" } ] } ] }
            """).Catalog!;

        var service = catalog.Services.ShouldHaveSingleItem();
        service.PlanUpdateable.ShouldBeFalse();
        service.InstancesRetrievable.ShouldBeFalse();
        service.BindingsRetrievable.ShouldBeFalse();
        service.AllowContextUpdates.ShouldBeFalse();
        service.Tags.ShouldBeEmpty();
        service.Requires.ShouldBeEmpty();
        service.MetadataJson.ShouldBeNull();
        service.Plans.ShouldHaveSingleItem().ShouldBe(new BrokerPlan("p", "p", "d", Free: true, BindingRotatable: false));
    }

    [Fact]
    [Trait("Checklist", "A11")]
    public void Unknown_fields_are_ignored_everywhere()
    {
        var withVendorFields = ValidWith(root =>
        {
            root["x-foo"] = "bar";
            foreach (var path in new[]
            {
                "services[0]", "services[0].plans[0]", "services[0].plans[1]", "services[1]", "services[1].plans[0]",
                "services[0].plans[0].maintenance_info", "services[0].plans[0].schemas.service_instance",
                "services[0].plans[0].schemas.service_binding.create",
            })
            {
                Locate(root, path)["x-foo"] = new System.Text.Json.Nodes.JsonObject { ["deep"] = new System.Text.Json.Nodes.JsonArray(1, "two", null) };
            }
        });

        var result = CatalogParser.Parse(withVendorFields);

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Problems));
        result.Catalog!.Services.Count.ShouldBe(2);
    }

    [Fact]
    [Trait("Checklist", "C16")]
    public void An_empty_services_array_is_a_valid_catalog()
    {
        var result = CatalogParser.Parse("""{ "services": [] }""");

        result.IsValid.ShouldBeTrue();
        result.Catalog!.Services.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Checklist", "C25")]
    public void Long_values_are_kept_whole()
    {
        var longName = new string('n', 5_000);
        var longDescription = string.Concat(Enumerable.Repeat("A very long description. ", 2_000));
        var longId = "id-" + new string('x', 1_000);

        var catalog = ParseValid(ValidWith(root =>
        {
            Locate(root, "services[0]")["name"] = longName;
            Locate(root, "services[0]")["description"] = longDescription;
            Locate(root, "services[0].plans[0]")["id"] = longId;
        })).Catalog!;

        catalog.Services[0].Name.ShouldBe(longName);
        catalog.Services[0].Description.ShouldBe(longDescription);
        catalog.Services[0].Plans[0].BrokerPlanId.ShouldBe(longId);
    }

    [Fact]
    [Trait("Checklist", "C19")]
    public void Names_may_use_any_characters_and_are_compared_case_sensitively()
    {
        var catalog = ParseValid(ValidWith(root =>
        {
            Locate(root, "services[0]")["name"] = "Postgres DB (EU) ✓";
            Locate(root, "services[1]")["name"] = "postgres db (eu) ✓";
            Locate(root, "services[0].plans[0]")["name"] = "Small";
            Locate(root, "services[0].plans[1]")["name"] = "small";
        })).Catalog!;

        catalog.Services.Select(s => s.Name).ShouldBe(["Postgres DB (EU) ✓", "postgres db (eu) ✓"]);
        catalog.Services[0].Plans.Select(p => p.Name).ShouldBe(["Small", "small"]);
    }

    [Fact]
    [Trait("Checklist", "C18")]
    public void The_same_plan_name_in_two_offerings_is_fine()
    {
        ParseValid(ValidWith("services[1].plans[0]", "name", "\"small\""));
    }

    [Fact]
    [Trait("Checklist", "C21")]
    [Trait("Checklist", "C22")]
    public void Optional_fields_that_are_null_count_as_absent()
    {
        var catalog = ParseValid(ValidWith(root =>
        {
            foreach (var field in new[] { "tags", "requires", "metadata", "plan_updateable", "instances_retrievable" })
            {
                Locate(root, "services[0]")[field] = null;
            }

            foreach (var field in new[] { "free", "bindable", "maximum_polling_duration", "maintenance_info", "schemas", "metadata" })
            {
                Locate(root, "services[0].plans[0]")[field] = null;
            }
        })).Catalog!;

        var service = catalog.Services[0];
        service.Tags.ShouldBeEmpty();
        service.MetadataJson.ShouldBeNull();
        service.PlanUpdateable.ShouldBeFalse();
        var plan = service.Plans[0];
        plan.Free.ShouldBeTrue();
        plan.Bindable.ShouldBeNull();
        plan.MaximumPollingDurationSeconds.ShouldBeNull();
        plan.MaintenanceInfoVersion.ShouldBeNull();
        plan.SchemasJson.ShouldBeNull();
    }

    [Theory]
    [Trait("Checklist", "C22")]
    [InlineData("0", 0)]
    [InlineData("60", 60)]
    [InlineData("60.0", 60)]
    [InlineData("2147483647", int.MaxValue)]
    public void Maximum_polling_duration_accepts_whole_non_negative_seconds(string json, int expected)
    {
        var catalog = ParseValid(ValidWith("services[0].plans[0]", "maximum_polling_duration", json)).Catalog!;

        catalog.Services[0].Plans[0].MaximumPollingDurationSeconds.ShouldBe(expected);
    }

    [Fact]
    [Trait("Checklist", "C23")]
    public void A_plans_own_bindable_and_plan_updateable_win_over_the_offerings()
    {
        var postgres = ParseValid(Valid).Catalog!.Services[0];
        var (small, large) = (postgres.Plans[0], postgres.Plans[1]);

        PlanFlags.EffectiveBindable(small, postgres).ShouldBeTrue();
        PlanFlags.EffectivePlanUpdateable(small, postgres).ShouldBeTrue();
        PlanFlags.EffectiveBindable(large, postgres).ShouldBeFalse();
        PlanFlags.EffectivePlanUpdateable(large, postgres).ShouldBeFalse();

        var redis = ParseValid(Valid).Catalog!.Services[1] with { PlanUpdateable = false };
        var bindablePlan = redis.Plans[0] with { Bindable = true, PlanUpdateable = true };
        PlanFlags.EffectiveBindable(redis.Plans[0], redis).ShouldBeFalse();
        PlanFlags.EffectiveBindable(bindablePlan, redis).ShouldBeTrue();
        PlanFlags.EffectivePlanUpdateable(bindablePlan, redis).ShouldBeTrue();
    }

    [Fact]
    [Trait("Checklist", "C23")]
    public void The_stored_catalog_answers_the_same_effective_flags()
    {
        var stored = ConnectionCatalog.For(Guid.NewGuid(), null);
        stored.Apply(ParseValid(Valid).Catalog!, new HashSet<string>(), Refreshed);
        var postgres = stored.Services.Single(s => s.BrokerServiceId == "svc-postgres");
        var small = postgres.Plans.Single(p => p.BrokerPlanId == "plan-pg-small");
        var large = postgres.Plans.Single(p => p.BrokerPlanId == "plan-pg-large");

        PlanFlags.EffectiveBindable(small, postgres).ShouldBeTrue();
        PlanFlags.EffectivePlanUpdateable(small, postgres).ShouldBeTrue();
        PlanFlags.EffectiveBindable(large, postgres).ShouldBeFalse();
        PlanFlags.EffectivePlanUpdateable(large, postgres).ShouldBeFalse();
    }
}

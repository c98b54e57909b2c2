using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Domain.Catalog;
using Shouldly;

namespace Marketplace.Domain.Tests.Catalog;

/// <summary>A valid OSB 2.17 catalog with vendor fields everywhere, ways to spoil it, and small catalogs for the diff tests.</summary>
public static partial class CatalogSamples
{
    public const string Draft04 = "http://json-schema.org/draft-04/schema#";

    public static readonly DateTimeOffset Refreshed = new(2025, 4, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset RefreshedLater = new(2025, 4, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset FailedAt = new(2025, 4, 1, 10, 0, 0, TimeSpan.Zero);

    public const string Valid = """
        {
          "x-vendor-root": { "anything": [1, 2, { "nested": true }] },
          "services": [
            {
              "id": "svc-postgres",
              "name": "postgres",
              "description": "PostgreSQL databases on demand",
              "bindable": true,
              "instances_retrievable": true,
              "bindings_retrievable": true,
              "allow_context_updates": false,
              "plan_updateable": true,
              "tags": ["sql", "postgres"],
              "requires": [],
              "metadata": { "displayName": "PostgreSQL", "imageUrl": "https://example.com/pg.png", "x-vendor": true },
              "dashboard_client": { "id": "pg-dashboard", "secret": "s3cr3t", "redirect_uri": "https://dashboard.example.com" },
              "x-vendor-service": "ignored",
              "plans": [
                {
                  "id": "plan-pg-small",
                  "name": "small",
                  "description": "1 vCPU, 2 GB",
                  "free": false,
                  "maximum_polling_duration": 3600,
                  "maintenance_info": { "version": "2.1.0+build.7", "description": "PostgreSQL 16.2", "x-vendor": 1 },
                  "metadata": { "bullets": ["1 vCPU"], "costs": [{ "amount": { "usd": 9.5 }, "unit": "MONTHLY" }], "displayName": "Small" },
                  "schemas": {
                    "service_instance": {
                      "create": {
                        "parameters": {
                          "$schema": "http://json-schema.org/draft-04/schema#",
                          "type": "object",
                          "properties": {
                            "db_name": { "type": "string" },
                            "extensions": { "$ref": "#/definitions/extensions" }
                          },
                          "definitions": { "extensions": { "type": "array", "items": { "type": "string" } } },
                          "x-vendor": "ok"
                        },
                        "x-vendor": "ok"
                      },
                      "update": {
                        "parameters": { "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }
                      }
                    },
                    "service_binding": {
                      "create": {
                        "parameters": {
                          "$schema": "http://json-schema.org/draft-07/schema#",
                          "type": "object",
                          "properties": { "read_only": { "type": "boolean" } }
                        }
                      }
                    },
                    "x-vendor": {}
                  },
                  "x-vendor-plan": [true]
                },
                {
                  "id": "plan-pg-large",
                  "name": "large",
                  "description": "4 vCPU, 16 GB",
                  "bindable": false,
                  "plan_updateable": false,
                  "binding_rotatable": true,
                  "x-vendor-plan": null
                }
              ]
            },
            {
              "id": "svc-redis",
              "name": "Redis",
              "description": "Redis caches",
              "bindable": false,
              "requires": ["syslog_drain"],
              "plans": [
                { "id": "plan-redis-free", "name": "free", "description": "Shared cache" }
              ]
            }
          ]
        }
        """;

    /// <summary>The valid sample with <paramref name="field"/> of the element at <paramref name="target"/> set to
    /// <paramref name="json"/> (a JSON literal), or removed when <paramref name="json"/> is null.</summary>
    public static string ValidWith(string target, string field, string? json) => ValidWith(root =>
    {
        var owner = Locate(root, target).AsObject();
        if (json is null)
        {
            owner.Remove(field);
        }
        else
        {
            owner[field] = JsonNode.Parse(json);
        }
    });

    public static string ValidWith(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(Valid)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    /// <summary>Finds a node by a path like <c>services[0].plans[1].schemas</c>.</summary>
    public static JsonNode Locate(JsonNode root, string path)
    {
        var node = root;
        foreach (Match step in PathStep().Matches(path))
        {
            node = step.Groups["name"].Success ? node[step.Groups["name"].Value]! : node[int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        return node;
    }

    public static CatalogParseResult ParseValid(string json)
    {
        var result = CatalogParser.Parse(json);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Problems));
        return result;
    }

    // Small catalogs for the diff tests.
    public static BrokerService Service(string id, string name, params BrokerPlan[] plans) =>
        new(id, name, $"The {name} service", Bindable: true, PlanUpdateable: false, InstancesRetrievable: false,
            BindingsRetrievable: false, AllowContextUpdates: false, Tags: [], Requires: [], MetadataJson: null, Plans: plans);

    public static BrokerPlan Plan(string id, string name) => new(id, name, $"The {name} plan");

    public static BrokerCatalog CatalogOf(params BrokerService[] services) => new(services);

    /// <summary>postgres (small, large) and redis (free).</summary>
    public static BrokerCatalog PostgresAndRedis() => CatalogOf(
        Service("svc-pg", "postgres", Plan("pg-small", "small"), Plan("pg-large", "large")),
        Service("svc-redis", "redis", Plan("redis-free", "free")));

    [GeneratedRegex(@"(?<name>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}

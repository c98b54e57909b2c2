using System.Text.Json.Nodes;

namespace Marketplace.FakeBroker;

/// <summary>
/// The catalog a fake broker serves by default: two services with two plans each, stable ids, and
/// <c>x-vendor-*</c> fields at every level to prove unknown fields are ignored.
/// <list type="bullet">
/// <item><c>fake-database</c>: bindable, <c>plan_updateable</c>, instances and bindings retrievable.
///   Plan <c>small</c> is free with draft-04 schemas (create: <c>storage_gb</c> 1–100, <c>engine</c>
///   postgres|mysql, nothing else), maintenance_info 1.2.0, <c>maximum_polling_duration</c> 600;
///   plan <c>large</c> costs money and is not plan-updateable.</item>
/// <item><c>fake-cache</c>: bindable, not plan-updateable. Plan <c>basic</c> is bindable; plan <c>no-bind</c>
///   overrides <c>bindable: false</c>.</item>
/// </list>
/// </summary>
public static class SampleCatalog
{
    public const string DatabaseServiceId = "0b6c2bb1-8a52-4b43-9e79-5f1e2a4d6c01";
    public const string DatabaseServiceName = "fake-database";
    public const string DatabaseSmallPlanId = "0b6c2bb1-8a52-4b43-9e79-5f1e2a4d6c11";
    public const string DatabaseLargePlanId = "0b6c2bb1-8a52-4b43-9e79-5f1e2a4d6c12";
    public const string CacheServiceId = "5d2e8f47-3c1a-4f0e-8b6d-9a7c3e1f2b02";
    public const string CacheServiceName = "fake-cache";
    public const string CacheBasicPlanId = "5d2e8f47-3c1a-4f0e-8b6d-9a7c3e1f2b21";
    public const string CacheNoBindPlanId = "5d2e8f47-3c1a-4f0e-8b6d-9a7c3e1f2b22";

    /// <summary>A fresh, mutable copy to tweak and assign to <see cref="FakeOsbBroker.Catalog"/>.</summary>
    public static JsonNode Create() => JsonNode.Parse(Json)!;

    public const string Json = """
    {
      "x-vendor-catalog-revision": 7,
      "services": [
        {
          "id": "0b6c2bb1-8a52-4b43-9e79-5f1e2a4d6c01",
          "name": "fake-database",
          "description": "A pretend relational database",
          "bindable": true,
          "plan_updateable": true,
          "instances_retrievable": true,
          "bindings_retrievable": true,
          "allow_context_updates": false,
          "tags": ["database", "sql", "fake"],
          "requires": [],
          "metadata": {
            "displayName": "Fake Database",
            "imageUrl": "https://example.com/fake-database.png",
            "longDescription": "Provisioned by the fake OSB broker used in tests.",
            "providerDisplayName": "Fake Broker Inc.",
            "documentationUrl": "https://example.com/docs/fake-database",
            "supportUrl": "https://example.com/support",
            "x-vendor-color": "teal"
          },
          "dashboard_client": {
            "id": "fake-database-dashboard",
            "secret": "dashboard-secret",
            "redirect_uri": "https://dashboard.example.com/callback",
            "x-vendor-sso": true
          },
          "x-vendor-region": { "name": "eu-fake-1", "zones": ["a", "b"] },
          "plans": [
            {
              "id": "0b6c2bb1-8a52-4b43-9e79-5f1e2a4d6c11",
              "name": "small",
              "description": "One small database, free",
              "free": true,
              "bindable": true,
              "plan_updateable": true,
              "maximum_polling_duration": 600,
              "maintenance_info": { "version": "1.2.0", "description": "Engine patch level 1.2", "x-vendor-window": "sun 02:00" },
              "metadata": {
                "displayName": "Small",
                "bullets": ["1 GB to 100 GB storage", "Shared CPU"],
                "costs": [ { "amount": { "usd": 0.0 }, "unit": "MONTHLY", "x-vendor-tax": "none" } ],
                "x-vendor-tier": "bronze"
              },
              "schemas": {
                "service_instance": {
                  "create": {
                    "parameters": {
                      "$schema": "http://json-schema.org/draft-04/schema#",
                      "type": "object",
                      "properties": {
                        "storage_gb": { "type": "integer", "minimum": 1, "maximum": 100 },
                        "engine": { "type": "string", "enum": ["postgres", "mysql"] }
                      },
                      "additionalProperties": false
                    }
                  },
                  "update": {
                    "parameters": {
                      "$schema": "http://json-schema.org/draft-04/schema#",
                      "type": "object",
                      "properties": {
                        "storage_gb": { "type": "integer", "minimum": 1, "maximum": 100 }
                      },
                      "additionalProperties": false
                    }
                  }
                },
                "service_binding": {
                  "create": {
                    "parameters": {
                      "$schema": "http://json-schema.org/draft-04/schema#",
                      "type": "object",
                      "properties": {
                        "role": { "type": "string", "enum": ["read", "write"] }
                      }
                    }
                  }
                },
                "x-vendor-schema-note": "validated by the fake broker's owners, not by the broker"
              },
              "x-vendor-sku": "DB-S"
            },
            {
              "id": "0b6c2bb1-8a52-4b43-9e79-5f1e2a4d6c12",
              "name": "large",
              "description": "One large dedicated database",
              "free": false,
              "plan_updateable": false,
              "metadata": {
                "displayName": "Large",
                "bullets": ["Dedicated CPU", "1 TB storage"],
                "costs": [
                  { "amount": { "usd": 99.0, "eur": 89.5 }, "unit": "MONTHLY" },
                  { "amount": { "usd": 0.01 }, "unit": "1 GB of egress" }
                ],
                "x-vendor-tier": "gold"
              },
              "x-vendor-sku": "DB-L"
            }
          ]
        },
        {
          "id": "5d2e8f47-3c1a-4f0e-8b6d-9a7c3e1f2b02",
          "name": "fake-cache",
          "description": "A pretend in-memory cache",
          "bindable": true,
          "tags": ["cache", "key-value"],
          "metadata": { "displayName": "Fake Cache", "x-vendor-color": "orange" },
          "x-vendor-region": { "name": "eu-fake-1" },
          "plans": [
            {
              "id": "5d2e8f47-3c1a-4f0e-8b6d-9a7c3e1f2b21",
              "name": "basic",
              "description": "A shared cache",
              "metadata": {
                "displayName": "Basic",
                "costs": [ { "amount": { "usd": 5.0 }, "unit": "MONTHLY" } ]
              },
              "free": false,
              "x-vendor-sku": "CACHE-B"
            },
            {
              "id": "5d2e8f47-3c1a-4f0e-8b6d-9a7c3e1f2b22",
              "name": "no-bind",
              "description": "A cache for the broker's own use, not bindable",
              "bindable": false,
              "x-vendor-sku": "CACHE-N"
            }
          ]
        }
      ]
    }
    """;
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Marketplace.Domain.Catalog;

/// <summary>
/// Reads and checks a broker's <c>GET /v2/catalog</c> body (C16–C26) and reports <em>every</em> problem it
/// finds, each with the JSON path of the offending value, so an owner can fix the broker in one go.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Unknown fields (vendor extensions, <c>x-…</c>, <c>dashboard_client</c> …) are ignored everywhere (C11).</item>
/// <item>An optional field that is JSON <c>null</c> counts as absent; a required one that is <c>null</c> is a problem.</item>
/// <item>Required strings must not be blank (empty or only white space); values are kept whole, never trimmed or cut (C25).</item>
/// <item>Names are compared case-sensitively and may use any characters (C19).</item>
/// <item>Schema size is the UTF-8 length of the compact serialization (no indentation, non-ASCII not escaped),
/// so a pretty-printed schema is not penalised for its white space.</item>
/// </list>
/// </remarks>
public static class CatalogParser
{
    /// <summary>Raise it whenever what the parser accepts changes: stored catalogs are then checked again on their next refresh.</summary>
    public const int Revision = 1;

    private static readonly JsonWriterOptions CompactWriter = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        MaxDepth = 64,
        SkipValidation = true,
    };

    /// <summary>
    /// Parses within <paramref name="limits"/> (<see cref="CatalogLimits.Default"/> when null): deeper nesting is refused as
    /// not JSON; too many services or plans, and schemas or metadata over their size, are problems like any other.
    /// </summary>
    public static CatalogParseResult Parse(string json, CatalogLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        limits ??= CatalogLimits.Default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
        }
        catch (JsonException ex)
        {
            return CatalogParseResult.Invalid([new CatalogProblem(CatalogProblem.RootPath, $"The body is not JSON: {ex.Message}")]);
        }

        using (document)
        {
            return new Reader(limits).ReadCatalog(document.RootElement);
        }
    }

    /// <summary>One parse: collects the problems and the ids and names seen so far.</summary>
    private sealed class Reader(CatalogLimits limits)
    {
        /// <summary>Keywords whose values are data, not schemas: a <c>$ref</c> in there is no reference.</summary>
        private static readonly HashSet<string> SchemaDataKeywords = new(StringComparer.Ordinal) { "const", "default", "enum", "examples" };

        /// <summary>Keywords whose members are named by the schema author and each hold a schema.</summary>
        private static readonly HashSet<string> SchemaMapKeywords =
            new(StringComparer.Ordinal) { "properties", "patternProperties", "definitions", "$defs", "dependentSchemas" };

        private readonly List<CatalogProblem> _problems = [];
        private readonly Dictionary<string, string> _serviceIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _serviceNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _planIds = new(StringComparer.Ordinal);
        private int _plans;

        public CatalogParseResult ReadCatalog(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem(CatalogProblem.RootPath, "The body must be a JSON object with a 'services' array.");
                return Result([]);
            }

            if (!root.TryGetProperty("services", out var services))
            {
                Problem("services", "Required 'services' is missing; it may be an empty array.");
                return Result([]);
            }

            if (services.ValueKind != JsonValueKind.Array)
            {
                Problem("services", "'services' must be an array (it may be empty).");
                return Result([]);
            }

            if (services.GetArrayLength() > limits.MaxServices)
            {
                // Not read any further: the size of the work is the broker's to choose, not ours.
                Problem("services", $"The catalog has {services.GetArrayLength()} service offerings; at most {limits.MaxServices} are accepted (Catalog:Limits:MaxServices).");
                return Result([]);
            }

            var list = new List<BrokerService>();
            var index = 0;
            foreach (var element in services.EnumerateArray())
            {
                var service = ReadService(element, Index("services", index++));
                if (service is not null)
                {
                    list.Add(service);
                }
            }

            return Result(list);
        }

        private CatalogParseResult Result(List<BrokerService> services) =>
            _problems.Count == 0 ? CatalogParseResult.Valid(new BrokerCatalog(services)) : CatalogParseResult.Invalid(_problems);

        private BrokerService? ReadService(JsonElement service, string path)
        {
            if (service.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "Each service offering must be a JSON object.");
                return null;
            }

            var id = RequiredString(service, "id", path);
            if (id is not null)
            {
                Unique(_serviceIds, id, Join(path, "id"), "service id", "in the catalog");
            }

            var name = RequiredString(service, "name", path);
            if (name is not null)
            {
                Unique(_serviceNames, name, Join(path, "name"), "service name", "in the catalog");
            }

            var description = RequiredString(service, "description", path);
            var bindable = RequiredBoolean(service, "bindable", path);
            var tags = OptionalStrings(service, "tags", path);
            var requires = OptionalStrings(service, "requires", path);
            var instancesRetrievable = OptionalBoolean(service, "instances_retrievable", path);
            var bindingsRetrievable = OptionalBoolean(service, "bindings_retrievable", path);
            var allowContextUpdates = OptionalBoolean(service, "allow_context_updates", path);
            var planUpdateable = OptionalBoolean(service, "plan_updateable", path);
            var metadata = Metadata(service, path);
            var plans = ReadPlans(service, path);

            return new BrokerService(
                id ?? string.Empty,
                name ?? string.Empty,
                description ?? string.Empty,
                bindable ?? false,
                planUpdateable ?? false,
                instancesRetrievable ?? false,
                bindingsRetrievable ?? false,
                allowContextUpdates ?? false,
                tags,
                requires,
                metadata,
                plans);
        }

        private List<BrokerPlan> ReadPlans(JsonElement service, string servicePath)
        {
            var path = Join(servicePath, "plans");
            if (!service.TryGetProperty("plans", out var plans))
            {
                Problem(path, "Required 'plans' is missing; a service offering needs at least one plan.");
                return [];
            }

            if (plans.ValueKind != JsonValueKind.Array)
            {
                Problem(path, "'plans' must be an array with at least one plan.");
                return [];
            }

            if (plans.GetArrayLength() == 0)
            {
                Problem(path, "'plans' must contain at least one plan.");
                return [];
            }

            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var list = new List<BrokerPlan>();
            var index = 0;
            foreach (var element in plans.EnumerateArray())
            {
                if (++_plans == limits.MaxPlans + 1)
                {
                    Problem(Index(path, index), $"The catalog has more than {limits.MaxPlans} plans; at most {limits.MaxPlans} are accepted (Catalog:Limits:MaxPlans).");
                }

                if (_plans > limits.MaxPlans)
                {
                    break;
                }

                var plan = ReadPlan(element, Index(path, index++), names);
                if (plan is not null)
                {
                    list.Add(plan);
                }
            }

            return list;
        }

        private BrokerPlan? ReadPlan(JsonElement plan, string path, Dictionary<string, string> namesInService)
        {
            if (plan.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "Each plan must be a JSON object.");
                return null;
            }

            var id = RequiredString(plan, "id", path);
            if (id is not null)
            {
                Unique(_planIds, id, Join(path, "id"), "plan id", "across the whole catalog");
            }

            var name = RequiredString(plan, "name", path);
            if (name is not null)
            {
                Unique(namesInService, name, Join(path, "name"), "plan name", "within its service offering");
            }

            var description = RequiredString(plan, "description", path);
            var free = OptionalBoolean(plan, "free", path);
            var bindable = OptionalBoolean(plan, "bindable", path);
            var planUpdateable = OptionalBoolean(plan, "plan_updateable", path);
            var bindingRotatable = OptionalBoolean(plan, "binding_rotatable", path);
            var maximumPollingDuration = OptionalSeconds(plan, "maximum_polling_duration", path);
            var (maintenanceVersion, maintenanceDescription) = ReadMaintenanceInfo(plan, path);
            var schemas = ReadSchemas(plan, path);
            var metadata = Metadata(plan, path);

            return new BrokerPlan(
                id ?? string.Empty,
                name ?? string.Empty,
                description ?? string.Empty,
                free ?? true,
                bindable,
                planUpdateable,
                bindingRotatable ?? false,
                maximumPollingDuration,
                maintenanceVersion,
                maintenanceDescription,
                schemas,
                metadata);
        }

        private (string? Version, string? Description) ReadMaintenanceInfo(JsonElement plan, string planPath)
        {
            if (!TryGetPresent(plan, "maintenance_info", out var info))
            {
                return (null, null);
            }

            var path = Join(planPath, "maintenance_info");
            if (info.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "'maintenance_info' must be an object with a 'version'.");
                return (null, null);
            }

            string? version = null;
            var versionPath = Join(path, "version");
            if (!info.TryGetProperty("version", out var value))
            {
                Problem(versionPath, "Required 'version' is missing; it must be a Semantic Version 2.0.0 such as \"1.2.3\".");
            }
            else if (value.ValueKind != JsonValueKind.String)
            {
                Problem(versionPath, "'version' must be a string holding a Semantic Version 2.0.0 such as \"1.2.3\".");
            }
            else if (!SemanticVersion.IsValid(value.GetString()))
            {
                Problem(versionPath, $"\"{value.GetString()}\" is not a Semantic Version 2.0.0 (e.g. \"1.2.3\", \"2.0.0-rc.1+build.5\").");
            }
            else
            {
                version = value.GetString();
            }

            var description = OptionalString(info, "description", path);
            return (version, description);
        }

        private string? ReadSchemas(JsonElement plan, string planPath)
        {
            if (!TryGetPresent(plan, "schemas", out var schemas))
            {
                return null;
            }

            var path = Join(planPath, "schemas");
            if (!IsObject(schemas, path, "schemas"))
            {
                return null;
            }

            CheckSchemaGroup(schemas, path, "service_instance", "create", "update");
            CheckSchemaGroup(schemas, path, "service_binding", "create");
            return schemas.GetRawText();
        }

        private void CheckSchemaGroup(JsonElement schemas, string schemasPath, string group, params string[] actions)
        {
            if (!TryGetPresent(schemas, group, out var groupElement))
            {
                return;
            }

            var groupPath = Join(schemasPath, group);
            if (!IsObject(groupElement, groupPath, group))
            {
                return;
            }

            foreach (var action in actions)
            {
                if (!TryGetPresent(groupElement, action, out var actionElement))
                {
                    continue;
                }

                var actionPath = Join(groupPath, action);
                if (IsObject(actionElement, actionPath, action) && TryGetPresent(actionElement, "parameters", out var parameters))
                {
                    CheckSchema(parameters, Join(actionPath, "parameters"));
                }
            }
        }

        /// <summary>C24: a JSON Schema object that declares <c>$schema</c>, has no external <c>$ref</c>, and is at most 64 kB.</summary>
        private void CheckSchema(JsonElement schema, string path)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "'parameters' must be a JSON Schema object.");
                return;
            }

            var dialectPath = Join(path, "$schema");
            if (!schema.TryGetProperty("$schema", out var dialect))
            {
                Problem(dialectPath, "Required '$schema' is missing; a schema must declare its dialect, e.g. \"http://json-schema.org/draft-04/schema#\".");
            }
            else if (dialect.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(dialect.GetString()))
            {
                Problem(dialectPath, "'$schema' must be a non-empty string naming the schema's dialect.");
            }

            FindExternalReferences(schema, path, isSchemaMap: false);

            var size = CompactSize(schema);
            if (size > limits.MaxSchemaBytes)
            {
                Problem(path, $"The schema is {size} bytes serialized; at most {limits.MaxSchemaBytes} are allowed (Catalog:Limits:MaxSchemaBytes).");
            }
        }

        private void FindExternalReferences(JsonElement element, string path, bool isSchemaMap)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindExternalReferences(item, Index(path, index++), isSchemaMap: false);
                }

                return;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in element.EnumerateObject())
            {
                var propertyPath = Join(path, property.Name);
                if (isSchemaMap)
                {
                    FindExternalReferences(property.Value, propertyPath, isSchemaMap: false);
                }
                else if (property.NameEquals("$ref") && property.Value.ValueKind == JsonValueKind.String)
                {
                    var reference = property.Value.GetString()!;
                    if (!reference.StartsWith('#'))
                    {
                        Problem(propertyPath, $"The external reference \"{reference}\" is not allowed; only references within the schema (starting with '#') are.");
                    }
                }
                else if (!SchemaDataKeywords.Contains(property.Name))
                {
                    FindExternalReferences(property.Value, propertyPath, SchemaMapKeywords.Contains(property.Name));
                }
            }
        }

        private static long CompactSize(JsonElement element)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using var writer = new Utf8JsonWriter(buffer, CompactWriter);
            element.WriteTo(writer);
            writer.Flush();
            return writer.BytesCommitted;
        }

        private string? RequiredString(JsonElement owner, string name, string ownerPath)
        {
            var path = Join(ownerPath, name);
            if (!owner.TryGetProperty(name, out var value))
            {
                Problem(path, $"Required '{name}' is missing.");
                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Problem(path, $"'{name}' must be a non-empty string.");
                return null;
            }

            return value.GetString();
        }

        private bool? RequiredBoolean(JsonElement owner, string name, string ownerPath)
        {
            var path = Join(ownerPath, name);
            if (!owner.TryGetProperty(name, out var value))
            {
                Problem(path, $"Required '{name}' is missing; it must be true or false.");
                return null;
            }

            return Boolean(value, name, path);
        }

        private bool? OptionalBoolean(JsonElement owner, string name, string ownerPath) =>
            TryGetPresent(owner, name, out var value) ? Boolean(value, name, Join(ownerPath, name)) : null;

        private bool? Boolean(JsonElement value, string name, string path)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    Problem(path, $"'{name}' must be a boolean (true or false).");
                    return null;
            }
        }

        private string? OptionalString(JsonElement owner, string name, string ownerPath)
        {
            if (!TryGetPresent(owner, name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Problem(Join(ownerPath, name), $"'{name}' must be a string.");
                return null;
            }

            return value.GetString();
        }

        private List<string> OptionalStrings(JsonElement owner, string name, string ownerPath)
        {
            if (!TryGetPresent(owner, name, out var value))
            {
                return [];
            }

            var path = Join(ownerPath, name);
            if (value.ValueKind != JsonValueKind.Array)
            {
                Problem(path, $"'{name}' must be an array of strings.");
                return [];
            }

            var strings = new List<string>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    strings.Add(item.GetString()!);
                }
                else
                {
                    Problem(Index(path, index), $"Each entry of '{name}' must be a string.");
                }

                index++;
            }

            return strings;
        }

        private string? OptionalObject(JsonElement owner, string name, string ownerPath) =>
            TryGetPresent(owner, name, out var value) && IsObject(value, Join(ownerPath, name), name) ? value.GetRawText() : null;

        /// <summary>A service's or plan's <c>metadata</c>: any object, within its size.</summary>
        private string? Metadata(JsonElement owner, string ownerPath)
        {
            var metadata = OptionalObject(owner, "metadata", ownerPath);
            if (metadata is not null && CompactSize(owner.GetProperty("metadata")) is var size && size > limits.MaxMetadataBytes)
            {
                Problem(Join(ownerPath, "metadata"), $"The metadata is {size} bytes serialized; at most {limits.MaxMetadataBytes} are allowed (Catalog:Limits:MaxMetadataBytes).");
            }

            return metadata;
        }

        private int? OptionalSeconds(JsonElement owner, string name, string ownerPath)
        {
            if (!TryGetPresent(owner, name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number
                && value.TryGetDecimal(out var seconds)
                && seconds >= 0
                && seconds <= int.MaxValue
                && decimal.Truncate(seconds) == seconds)
            {
                return (int)seconds;
            }

            Problem(Join(ownerPath, name), $"'{name}' must be a whole number of seconds from 0 to {int.MaxValue}.");
            return null;
        }

        private bool IsObject(JsonElement value, string path, string name)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            Problem(path, $"'{name}' must be a JSON object.");
            return false;
        }

        private void Unique(Dictionary<string, string> seen, string value, string path, string what, string scope)
        {
            if (!seen.TryAdd(value, path))
            {
                Problem(path, $"The {what} \"{value}\" is already used at {seen[value]}; each {what} must be unique {scope}.");
            }
        }

        private void Problem(string path, string message) => _problems.Add(new CatalogProblem(path, message));

        private static bool TryGetPresent(JsonElement owner, string name, out JsonElement value) =>
            owner.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        private static string Index(string path, int index) => $"{path}[{index}]";

        /// <summary>Dotted member access; names that are no plain identifiers go in brackets, JSON-quoted.</summary>
        private static string Join(string path, string name)
        {
            var plain = name.Length > 0
                && !char.IsAsciiDigit(name[0])
                && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '-');
            if (!plain)
            {
                return $"{path}[\"{JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"]";
            }

            return path.Length == 0 ? name : $"{path}.{name}";
        }
    }
}

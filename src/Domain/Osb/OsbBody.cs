using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Domain.Osb;

/// <summary>
/// A broker's JSON object, read leniently: every OSB field is optional, and a field of the wrong type reads as
/// absent. Only an <see cref="OsbAnswerReader"/> makes one, so it always holds a well-formed object.
/// </summary>
public sealed class OsbBody
{
    private readonly JsonObject _json;

    internal OsbBody(JsonObject json) => _json = json;

    public static OsbBody Empty => new([]);

    /// <summary>The fields of a binding answer that OSB defines (I69–I73, J77), the only ones the marketplace keeps of one.</summary>
    public static IReadOnlyList<string> BindingFields { get; } =
        ["credentials", "endpoints", "syslog_drain_url", "route_service_url", "volume_mounts", "metadata"];

    /// <summary>The broker's <c>description</c>, cut to <see cref="OsbAnswerReader.MaxDescriptionLength"/> characters.</summary>
    public string? Description => OsbAnswerReader.Cut(Text("description"), OsbAnswerReader.MaxDescriptionLength);

    /// <summary>A copy with only the named fields (those present): what is stored of an answer is what OSB defines.</summary>
    public OsbBody Only(IEnumerable<string> names)
    {
        var kept = new JsonObject();
        foreach (var name in names)
        {
            if (_json[name] is { } value)
            {
                kept[name] = value.DeepClone();
            }
        }

        return new OsbBody(kept);
    }

    /// <summary>A copy of the object, as the broker sent it.</summary>
    public JsonObject ToJsonObject() => (JsonObject)_json.DeepClone();

    public string ToJsonString() => _json.ToJsonString();

    /// <summary>A string field; null when absent, null, or not a string.</summary>
    public string? Text(string name) =>
        _json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>A boolean field; null when absent, null, or not a boolean.</summary>
    public bool? Flag(string name) =>
        _json[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    /// <summary>The field is present and not null.</summary>
    public bool Has(string name) => _json[name] is not null;

    /// <summary>The field is absent, null, or of the given kind.</summary>
    internal bool IsAbsentOr(string name, JsonValueKind kind) =>
        !_json.TryGetPropertyValue(name, out var node) || node is null || node.GetValueKind() == kind;
}

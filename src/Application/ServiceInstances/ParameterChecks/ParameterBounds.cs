using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Common.Errors;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// X10: a client's parameters within <see cref="ParameterLimits"/>, and no object with the same key twice (brokers
/// would each keep a different one). One pass over the JSON text, so that a duplicate key is found before anything
/// reads the object (which would throw).
/// </summary>
public static class ParameterBounds
{
    public const string Refused = "The parameters are over the marketplace's bounds.";

    public static void Check(JsonObject? parameters, ParameterLimits limits)
    {
        if (parameters is not null)
        {
            CheckJson(parameters.ToJsonString(), limits);
        }
    }

    /// <summary>The same check on parameters as JSON text (an object).</summary>
    public static void CheckJson(string parametersJson, ParameterLimits limits)
    {
        ArgumentNullException.ThrowIfNull(parametersJson);
        ArgumentNullException.ThrowIfNull(limits);
        var json = Encoding.UTF8.GetBytes(parametersJson);
        if (json.Length > limits.MaxBytes)
        {
            throw Refuse($"The parameters take {json.Length} bytes; at most {limits.MaxBytes} are accepted.");
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = limits.MaxDepth + 1 });
        var keysByObject = new Stack<HashSet<string>?>();
        var keys = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= limits.MaxDepth)
                        {
                            throw Refuse($"The parameters are nested deeper than {limits.MaxDepth} levels.");
                        }

                        keysByObject.Push(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        keysByObject.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (++keys > limits.MaxKeys)
                        {
                            throw Refuse($"The parameters have more than {limits.MaxKeys} keys.");
                        }

                        var key = reader.GetString()!;
                        if (!keysByObject.Peek()!.Add(key))
                        {
                            throw Refuse($"The key '{Shorten(key)}' appears twice in one object.");
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The reader's own depth limit: only reached past MaxDepth, which the check above reports first.
            throw Refuse($"The parameters are nested deeper than {limits.MaxDepth} levels.");
        }
    }

    private static ParametersInvalidException Refuse(string error) => ParametersInvalidException.Whole(error, Refused);

    private static string Shorten(string key) => key.Length <= 64 ? key : string.Concat(key.AsSpan(0, 64), "…");
}

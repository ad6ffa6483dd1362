using System.Globalization;
using System.Text.Json;

namespace Activa.Cli.Report;

/// <summary>Settings as the report shows them: a JSON object flattened into (dotted name, value) rows.</summary>
internal static class JsonSettings
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The run file <paramref name="path"/> read as <typeparamref name="T"/> (NaN and ∞ allowed as names).</summary>
    /// <exception cref="Data.DataFormatException">Not valid JSON for <typeparamref name="T"/>; the message says which command writes it.</exception>
    public static T Read<T>(string path, string writer)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new Data.DataFormatException(path, $"not the {Path.GetFileNameWithoutExtension(path)} of {writer}: {e.Message}", e);
        }
    }

    /// <summary>Serialises <paramref name="value"/> and flattens it; see <see cref="Flatten(string, string[])"/>.</summary>
    public static List<(string Key, string Value)> Of<T>(T value, params string[] skip) => Flatten(JsonSerializer.Serialize(value, Options), skip);

    /// <summary>
    /// The leaves of <paramref name="json"/> as rows: nested objects as "outer.inner", arrays of numbers or strings as one
    /// "[a, b]" value, arrays of objects as "name[i].field"; top-level properties named in <paramref name="skip"/> are left out.
    /// </summary>
    /// <exception cref="JsonException">Not valid JSON.</exception>
    public static List<(string Key, string Value)> Flatten(string json, params string[] skip)
    {
        using var document = JsonDocument.Parse(json);
        var rows = new List<(string, string)>();
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in document.RootElement.EnumerateObject())
                if (!skip.Contains(p.Name)) Add(rows, p.Name, p.Value);
        }
        else Add(rows, "value", document.RootElement);
        return rows;
    }

    private static void Add(List<(string, string)> rows, string key, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                int before = rows.Count;
                foreach (var p in e.EnumerateObject()) Add(rows, $"{key}.{p.Name}", p.Value);
                if (rows.Count == before) rows.Add((key, "{}"));
                break;
            case JsonValueKind.Array when e.EnumerateArray().All(x => x.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                rows.Add((key, "[" + string.Join(", ", e.EnumerateArray().Select(Scalar)) + "]"));
                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var x in e.EnumerateArray()) Add(rows, string.Create(CultureInfo.InvariantCulture, $"{key}[{i++}]"), x);
                break;
            default:
                rows.Add((key, Scalar(e)));
                break;
        }
    }

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Null => "none",
        _ => e.GetRawText(),
    };
}

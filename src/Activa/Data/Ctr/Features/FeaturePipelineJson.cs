using System.Text.Json;
using System.Text.Json.Nodes;

namespace Activa.Data.Ctr.Features;

/// <summary>
/// The JSON form of a fitted <see cref="FeaturePipeline"/>:
/// <code>
/// { "format": "activa-features/1", "schema": { … as FeatureSchema.ToJson … },
///   "fields": { "movieId": { "values": ["50", "260", …], "counts": [91, 88, …], "oovCount": 3, "countError": 0 },
///               "C1": { "hashBuckets": 100000 },
///               "age": { "mean": 31.2, "stdDev": 11.9, "count": 1000, "boundaries": [] } } }
/// </code>
/// Fields with vocabularyFrom store nothing (they use their owner's). Doubles are written round-trip exactly.
/// </summary>
internal static class FeaturePipelineJson
{
    public static string Write(FeaturePipeline p)
    {
        var fields = new JsonObject();
        var schema = p.Schema;
        for (int f = 0; f < schema.Fields.Count; f++)
        {
            var spec = schema.Fields[f];
            if (spec.VocabularyFrom is not null) continue;
            if (p.StatsAt(f) is { } s)
                fields[spec.Name] = new JsonObject
                {
                    ["mean"] = s.Mean, ["stdDev"] = s.StdDev, ["count"] = s.Count,
                    ["boundaries"] = new JsonArray(s.Boundaries.Select(b => (JsonNode)b).ToArray()),
                };
            else if (p.VocabularyAt(f) is { HashBuckets: int h })
                fields[spec.Name] = new JsonObject { ["hashBuckets"] = h };
            else if (p.VocabularyAt(f) is { } v)
                fields[spec.Name] = new JsonObject
                {
                    ["values"] = new JsonArray(v.Values.Select(x => (JsonNode)x).ToArray()),
                    ["counts"] = new JsonArray(v.Counts.Select(c => (JsonNode)c).ToArray()),
                    ["oovCount"] = v.OovCount,
                    ["countError"] = v.CountError,
                };
        }
        var root = new JsonObject { ["format"] = FeaturePipeline.Format, ["schema"] = schema.ToNode(), ["fields"] = fields };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    public static FeaturePipeline Read(string json)
    {
        try
        {
            var root = JsonNode.Parse(json, documentOptions: FeatureSchema.StrictJson) as JsonObject ?? throw new FormatException("Feature pipeline: expected a JSON object.");
            if (root["format"]?.GetValue<string>() is not FeaturePipeline.Format)
                throw new FormatException($"Feature pipeline: format is not '{FeaturePipeline.Format}'.");
            var schema = FeatureSchema.FromJson(root["schema"]?.ToJsonString() ?? throw new FormatException("Feature pipeline: no schema."));
            var fields = root["fields"] as JsonObject ?? throw new FormatException("Feature pipeline: no fields.");
            int count = schema.Fields.Count;
            var vocab = new Vocabulary?[count];
            var stats = new NumericStats?[count];
            for (int f = 0; f < count; f++)
            {
                var spec = schema.Fields[f];
                if (spec.VocabularyFrom is not null) continue;
                var node = fields[spec.Name] as JsonObject ?? throw new FormatException($"Feature pipeline: no fitted state for field '{spec.Name}'.");
                if (spec.Kind == FieldKind.Numeric)
                    stats[f] = new NumericStats(spec.Transform, Get<double>(node, "mean", spec), Get<double>(node, "stdDev", spec),
                        Get<long>(node, "count", spec), Array<double>(node, "boundaries", spec));
                else if (node["hashBuckets"] is { } h)
                    vocab[f] = Vocabulary.Hashing(h.GetValue<int>());
                else
                {
                    var values = Array<string>(node, "values", spec);
                    var counts = Array<long>(node, "counts", spec);
                    if (counts.Length != values.Length) throw new FormatException($"Feature pipeline, field '{spec.Name}': {values.Length} values but {counts.Length} counts.");
                    vocab[f] = Vocabulary.FromValues(values, counts, Get<long>(node, "oovCount", spec));
                    vocab[f]!.CountError = node["countError"]?.GetValue<long>() ?? 0;
                }
            }
            for (int f = 0; f < count; f++)
                if (schema.Fields[f].VocabularyFrom is string owner) vocab[f] = vocab[FeaturePipeline.IndexOf(schema, owner)];
            return new FeaturePipeline(schema, vocab, stats, new ReadSummary());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"Feature pipeline: malformed JSON ({e.Message})", e);
        }
    }

    private static T Get<T>(JsonObject node, string key, FieldSpec spec) =>
        node[key] is { } v ? v.GetValue<T>() : throw new FormatException($"Feature pipeline, field '{spec.Name}': no \"{key}\".");

    private static T[] Array<T>(JsonObject node, string key, FieldSpec spec) =>
        node[key] is JsonArray a
            ? a.Select(x => x is null ? throw new FormatException($"Feature pipeline, field '{spec.Name}': null in \"{key}\".") : x.GetValue<T>()).ToArray()
            : throw new FormatException($"Feature pipeline, field '{spec.Name}': no \"{key}\" array.");
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Activa.Data.Ctr.Features;

/// <summary>
/// Declares how the columns of a click log become model inputs: the label and each field's kind and encoding.
/// Written as JSON (format in docs/ctr.md, "Feature pipeline"):
/// <code>
/// { "label": { "column": "rating", "threshold": 4 },
///   "fields": [
///     { "kind": "categorical", "column": "movieId", "minCount": 2 },
///     { "kind": "categorical", "column": "C1", "hashBuckets": 100000 },
///     { "kind": "numeric", "column": "age", "transform": "standardize", "missing": "mean" },
///     { "kind": "numeric", "column": "I1", "transform": "buckets", "buckets": 16 },
///     { "kind": "multiHot", "column": "genres", "separator": "|", "maxItems": 5 },
///     { "kind": "sequence", "name": "history", "column": "history", "separator": " ", "maxLength": 50, "vocabularyFrom": "movieId" } ] }
/// </code>
/// Ids: 0 is padding everywhere, 1 is the out-of-vocabulary id, known values (or hash buckets) start at 2.
/// </summary>
public sealed class FeatureSchema
{
    /// <summary>The label.</summary>
    public LabelSpec Label { get; }
    /// <summary>The fields, in declaration order (the order of the columns of each kind in a <see cref="FeatureBatch"/>).</summary>
    public IReadOnlyList<FieldSpec> Fields { get; }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Builds and validates a schema (field names default to their columns).</summary>
    /// <exception cref="FormatException">The schema is invalid; the message names the field and what is wrong.</exception>
    public FeatureSchema(LabelSpec label, IEnumerable<FieldSpec> fields)
    {
        Label = label;
        Fields = fields.Select(f => string.IsNullOrEmpty(f.Name) ? f with { Name = f.Column ?? "" } : f).ToArray();
        Validate();
    }

    /// <summary>The field named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such field.</exception>
    public FieldSpec Field(string name) =>
        Fields.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"Feature schema has no field '{name}'.");

    /// <summary>Every column the schema reads, the label's first.</summary>
    public IEnumerable<string> Columns => Fields.Select(f => f.Column).Prepend(Label.Column).Distinct();

    private void Validate()
    {
        if (string.IsNullOrEmpty(Label.Column)) throw new FormatException("Feature schema: the label has no column.");
        if (Label.Threshold is double t && !double.IsFinite(t)) throw new FormatException($"Feature schema: label threshold {t} is not finite.");
        if (Fields.Count == 0) throw new FormatException("Feature schema: no fields.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Fields)
        {
            string at = $"Feature schema, field '{f.Name}'";
            if (string.IsNullOrEmpty(f.Column)) throw new FormatException($"Feature schema: a {f.Kind} field has no column.");
            if (!seen.Add(f.Name)) throw new FormatException($"{at}: the name is used twice.");
            if (!Enum.IsDefined(f.Kind)) throw new FormatException($"{at}: unknown kind {f.Kind}.");
            if (f.Kind != FieldKind.Numeric)
            {
                if (f.MinCount < 1) throw new FormatException($"{at}: minCount must be at least 1, got {f.MinCount}.");
                if (f.HashBuckets is int h && h < 1) throw new FormatException($"{at}: hashBuckets must be at least 1, got {h}.");
                if (f.HashBuckets is not null && f.MinCount != 1) throw new FormatException($"{at}: minCount and hashBuckets exclude each other.");
            }
            else
            {
                if (f.HashBuckets is not null || f.MinCount != 1 || f.VocabularyFrom is not null)
                    throw new FormatException($"{at}: a numeric field takes no minCount, hashBuckets or vocabularyFrom.");
                if (f.Transform == NumericTransform.Buckets && f.Buckets is not (>= 2))
                    throw new FormatException($"{at}: transform 'buckets' needs \"buckets\" ≥ 2, got {f.Buckets?.ToString() ?? "none"}.");
                if (f.Transform != NumericTransform.Buckets && f.Buckets is not null)
                    throw new FormatException($"{at}: \"buckets\" applies only to transform 'buckets'.");
            }
            if (f.Kind is FieldKind.MultiHot or FieldKind.Sequence)
            {
                if (string.IsNullOrEmpty(f.Separator)) throw new FormatException($"{at}: empty separator.");
                if (f.Kind == FieldKind.MultiHot && f.MaxItems is < 1 or > MaxListLength)
                    throw new FormatException($"{at}: maxItems must be in [1, {MaxListLength}], got {f.MaxItems}.");
                if (f.Kind == FieldKind.Sequence && f.MaxLength is < 1 or > MaxListLength)
                    throw new FormatException($"{at}: a sequence needs maxLength in [1, {MaxListLength}], got {f.MaxLength}.");
            }
            else if (f.MaxLength != 0)
                throw new FormatException($"{at}: maxLength applies only to sequences.");
            if (f.Kind == FieldKind.Categorical && f.VocabularyFrom is not null)
                throw new FormatException($"{at}: vocabularyFrom applies only to multi-hot and sequence fields.");
            if (f.VocabularyFrom is string from)
            {
                var owner = Fields.FirstOrDefault(o => o.Name == from)
                    ?? throw new FormatException($"{at}: vocabularyFrom names no field '{from}'.");
                if (owner.Kind != FieldKind.Categorical)
                    throw new FormatException($"{at}: vocabularyFrom '{from}' is a {owner.Kind} field, not a categorical one.");
                if (f.HashBuckets is not null || f.MinCount != 1)
                    throw new FormatException($"{at}: with vocabularyFrom the vocabulary settings are '{from}'s (no minCount or hashBuckets here).");
            }
        }
    }

    /// <summary>The largest maxItems (multi-hot) and maxLength (sequence) a schema may set: a batch holds maxLength ids per sequence and row.</summary>
    public const int MaxListLength = 100_000;

    /// <summary>JSON parsing that rejects a property given twice (a JsonObject would otherwise throw on first access).</summary>
    internal static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    /// <summary>Parses a schema from JSON.</summary>
    /// <exception cref="FormatException">Not valid JSON, an unknown kind or property, or an invalid field; the message names the field.</exception>
    public static FeatureSchema FromJson(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: StrictJson);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Feature schema: not valid JSON ({e.Message})", e);
        }
        if (root is not JsonObject obj) throw new FormatException("Feature schema: expected a JSON object with \"label\" and \"fields\".");
        foreach (var (key, _) in obj)
            if (key is not ("label" or "fields")) throw new FormatException($"Feature schema: unknown property '{key}' (expected label, fields).");
        var label = Deserialize<LabelSpec>(obj["label"] ?? throw new FormatException("Feature schema: no \"label\"."), "the label");
        if (obj["fields"] is not JsonArray array) throw new FormatException("Feature schema: \"fields\" must be an array.");
        var fields = new List<FieldSpec>();
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject node) throw new FormatException($"Feature schema: field {i} is not an object.");
            string name = Str(node["name"]) ?? Str(node["column"]) ?? $"#{i}";
            string at = $"field '{name}'";
            string? kind = Str(node["kind"]);
            if (kind is null) throw new FormatException($"Feature schema, {at}: no \"kind\" (expected categorical, numeric, multiHot or sequence).");
            if (!Enum.TryParse<FieldKind>(kind, ignoreCase: true, out _) || int.TryParse(kind, out _))
                throw new FormatException($"Feature schema, {at}: unknown kind '{kind}' (expected categorical, numeric, multiHot or sequence).");
            fields.Add(Deserialize<FieldSpec>(node, at));
        }
        return new FeatureSchema(label, fields);
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static T Deserialize<T>(JsonNode node, string what)
    {
        try
        {
            return node.Deserialize<T>(Json) ?? throw new FormatException($"Feature schema: {what} is null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Feature schema, {what}: {e.Message}", e);
        }
    }

    /// <summary>Reads a schema from a JSON file.</summary>
    /// <exception cref="FormatException">As <see cref="FromJson"/>, with the file named.</exception>
    public static FeatureSchema Load(string path)
    {
        try
        {
            return FromJson(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The schema as JSON (what <see cref="FromJson"/> reads).</summary>
    public string ToJson() => ToNode().ToJsonString(Json);

    internal JsonObject ToNode() => new()
    {
        ["label"] = JsonSerializer.SerializeToNode(Label, Json),
        ["fields"] = new JsonArray(Fields.Select(FieldNode).ToArray()),
    };

    /// <summary>A field as JSON with only the properties that apply to its kind.</summary>
    private static JsonNode FieldNode(FieldSpec f)
    {
        var node = JsonSerializer.SerializeToNode(f, Json)!.AsObject();
        string[] keep = f.Kind switch
        {
            FieldKind.Categorical => ["minCount", "hashBuckets"],
            FieldKind.Numeric => ["transform", "buckets", "missing"],
            FieldKind.MultiHot => ["minCount", "hashBuckets", "vocabularyFrom", "separator", "maxItems"],
            _ => ["minCount", "hashBuckets", "vocabularyFrom", "separator", "maxLength"],
        };
        foreach (var key in node.Select(p => p.Key).ToArray())
            if (key is not ("name" or "kind" or "column") && !keep.Contains(key)) node.Remove(key);
        if (f.VocabularyFrom is not null)
        {
            node.Remove("minCount");
            node.Remove("hashBuckets");
        }
        return node;
    }

    /// <summary>
    /// The built-in schema of the Criteo display-ads TSV (<see cref="CriteoRowSource"/>): label, numeric I1..I13 with
    /// <paramref name="numeric"/> (missing values allowed: mean, or the out-of-vocabulary id when bucketised), and
    /// categorical C1..C26 (hex strings; an empty one is a value of its own) with <paramref name="minCount"/>.
    /// </summary>
    /// <param name="minCount">Categorical values seen fewer times map to the out-of-vocabulary id (10 is usual for Criteo).</param>
    /// <param name="numeric">Standardize after log1p (default) or quantile buckets.</param>
    /// <param name="buckets">Number of buckets when <paramref name="numeric"/> is <see cref="NumericTransform.Buckets"/>.</param>
    public static FeatureSchema Criteo(int minCount = 10, NumericTransform numeric = NumericTransform.Log1pStandardize, int buckets = 32)
    {
        var fields = new List<FieldSpec>();
        for (int i = 1; i <= CriteoRowSource.NumericCount; i++)
            fields.Add(new FieldSpec
            {
                Kind = FieldKind.Numeric, Column = $"I{i}", Transform = numeric,
                Buckets = numeric == NumericTransform.Buckets ? buckets : null,
            });
        for (int i = 1; i <= CriteoRowSource.CategoricalCount; i++)
            fields.Add(new FieldSpec { Kind = FieldKind.Categorical, Column = $"C{i}", MinCount = minCount });
        return new FeatureSchema(new LabelSpec { Column = "label" }, fields);
    }
}

using System.Globalization;
using System.Text;
using Activa.Data.Ctr.Features;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// The small click log the CTR targets share: a schema with every field kind (vocabulary and hashed categoricals,
/// standardised and bucketised numerics with missing values, a multi-hot field, a sequence sharing a vocabulary) and
/// rows for it, as CSV text or in memory.
/// </summary>
internal static class ClickLog
{
    public const string SchemaJson = """
        { "label": { "column": "click" },
          "fields": [
            { "kind": "categorical", "column": "user" },
            { "kind": "categorical", "column": "ad", "hashBuckets": 50 },
            { "kind": "numeric", "column": "age", "transform": "standardize", "missing": "mean" },
            { "kind": "numeric", "column": "price", "transform": "buckets", "buckets": 3, "missing": "zero" },
            { "kind": "multiHot", "column": "tags", "separator": "|", "maxItems": 3 },
            { "kind": "sequence", "name": "history", "column": "history", "separator": " ", "maxLength": 4, "vocabularyFrom": "user" } ] }
        """;

    public static readonly string[] Columns = ["click", "user", "ad", "age", "price", "tags", "history"];

    public static FeatureSchema Schema { get; } = FeatureSchema.FromJson(SchemaJson);

    /// <summary>Row <paramref name="i"/> of the log: column → text.</summary>
    public static string[] Row(int i) =>
    [
        (i % 3 == 0 ? 1 : 0).ToString(CultureInfo.InvariantCulture), $"u{i % 4}", $"ad{i % 5}",
        i % 7 == 3 ? "" : (18 + 3 * i).ToString(CultureInfo.InvariantCulture), (0.5 + i * 1.25).ToString(CultureInfo.InvariantCulture),
        string.Join('|', Enumerable.Range(0, 1 + i % 3).Select(k => $"t{(i + k) % 4}")), string.Join(' ', Enumerable.Range(0, i % 4).Select(k => $"u{k}")),
    ];

    public const int Rows = 12;

    public static string Csv()
    {
        var text = new StringBuilder(string.Join(',', Columns)).Append('\n');
        for (int i = 0; i < Rows; i++) text.Append(string.Join(',', Row(i))).Append('\n');
        return text.ToString();
    }

    public static MemoryRowSource Memory() =>
        new(Columns, [.. Enumerable.Range(0, Rows).Select(i => (IReadOnlyDictionary<string, string?>)Columns.Zip(Row(i)).ToDictionary(p => p.First, p => (string?)p.Second))]);

    /// <summary>Fits the schema on the rows <paramref name="open"/> gives (malformed rows skipped), then encodes a second opening (malformed rows fatal).</summary>
    public static void FitAndEncode(Func<IRowSource> open)
    {
        FeaturePipeline pipeline;
        using (var train = open()) pipeline = FeaturePipeline.Fit(Schema, train, new FitOptions { BadRows = BadRowPolicy.Skip, QuantileSample = 64 });
        using var rows = open();
        pipeline.Transform(rows);
    }
}

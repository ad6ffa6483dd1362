using System.Globalization;
using System.Text;
using Activa.Data;
using Activa.Data.Ctr.Features;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// The Criteo display-ads TSV layout (no header; label, 13 numeric, 26 categorical) read by <see cref="CriteoRowSource"/>
/// with the built-in schema (<see cref="FeatureSchema.Criteo"/>), fitted then encoded; a clean rejection is a
/// <see cref="DataFormatException"/>.
/// </summary>
public sealed class CriteoTsvTarget() : TextFuzzTarget(
    "criteo-tsv", "Criteo TSV (label, I1..I13, C1..C26) with the built-in schema (CriteoRowSource, FeaturePipeline.Fit, Transform)", ".tsv", typeof(DataFormatException))
{
    private static readonly FeatureSchema Schema = FeatureSchema.Criteo(minCount: 2, buckets: 4);

    /// <inheritdoc/>
    protected override IEnumerable<string> CreateTextSeeds(string scratch)
    {
        var text = new StringBuilder();
        for (int row = 0; row < 8; row++)
        {
            text.Append(row % 3 == 0 ? '1' : '0');
            for (int i = 0; i < CriteoRowSource.NumericCount; i++)
                text.Append('\t').Append((row + i) % 5 == 0 ? "" : ((row * 7 + i * 3) % 40 - 2).ToString(CultureInfo.InvariantCulture));
            for (int i = 0; i < CriteoRowSource.CategoricalCount; i++)
                text.Append('\t').Append((row + i) % 6 == 0 ? "" : ((row + i) % 3).ToString("x8", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        yield return text.ToString();
    }

    /// <inheritdoc/>
    public override void Parse(string path)
    {
        FeaturePipeline pipeline;
        using (var train = CriteoRowSource.Open(path)) pipeline = FeaturePipeline.Fit(Schema, train, new FitOptions { BadRows = BadRowPolicy.Skip, QuantileSample = 64 });
        using var rows = CriteoRowSource.Open(path);
        pipeline.Transform(rows);
    }
}

using Activa.Data.Ctr.Features;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// Fitted CTR feature pipelines as JSON (<see cref="FeaturePipeline.Load"/>: what a CTR checkpoint carries in
/// "activa.features"), then one row encoded with the restored pipeline; a clean rejection is a
/// <see cref="FormatException"/> (as documented), or a <see cref="Data.DataFormatException"/> for the row.
/// </summary>
public sealed class FeaturePipelineTarget() : TextFuzzTarget(
    "ctr-pipeline", "fitted CTR feature-pipeline JSON, restored and used (FeaturePipeline.Load, Transform)", ".json", typeof(FormatException), typeof(Data.DataFormatException))
{
    /// <inheritdoc/>
    protected override IEnumerable<string> CreateTextSeeds(string scratch)
    {
        using var rows = ClickLog.Memory();
        yield return FeaturePipeline.Fit(ClickLog.Schema, rows, new FitOptions { QuantileSample = 64 }).ToJson();
    }

    /// <inheritdoc/>
    public override void Parse(string path)
    {
        var pipeline = FeaturePipeline.Load(path);
        var row = pipeline.Schema.Columns.ToDictionary(c => c, c => (string?)(c == pipeline.Schema.Label.Column ? "1" : "3"));
        pipeline.Transform(row);
    }
}

using Activa.Data.Ctr.Features;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>CTR feature schemas as JSON (<see cref="FeatureSchema.Load"/>); a clean rejection is a <see cref="FormatException"/> (as documented).</summary>
public sealed class CtrSchemaTarget() : TextFuzzTarget(
    "ctr-schema", "CTR feature-schema JSON (FeatureSchema.Load)", ".json", typeof(FormatException))
{
    /// <inheritdoc/>
    protected override IEnumerable<string> CreateTextSeeds(string scratch)
    {
        yield return ClickLog.SchemaJson;
        yield return """{"label":{"column":"rating","threshold":4},"fields":[{"kind":"categorical","column":"movieId","minCount":2},{"kind":"numeric","column":"I1","transform":"log1pStandardize","missing":"error"},{"kind":"multiHot","column":"genres","separator":"|","maxItems":5,"hashBuckets":100}]}""";
    }

    /// <inheritdoc/>
    public override void Parse(string path) => FeatureSchema.Load(path);
}

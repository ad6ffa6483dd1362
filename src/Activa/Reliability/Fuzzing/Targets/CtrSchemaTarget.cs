using System.Text;
using Activa.Data.Ctr.Features;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>CTR feature schemas as JSON (<see cref="FeatureSchema.Load"/>); a clean rejection is a <see cref="FormatException"/> (as documented).</summary>
public sealed class CtrSchemaTarget() : FuzzTarget(
    "ctr-schema", "CTR feature-schema JSON (FeatureSchema.Load)", ".json", isText: true, typeof(FormatException))
{
    /// <inheritdoc/>
    protected override IEnumerable<byte[]> CreateSeeds(string scratch)
    {
        yield return Encoding.UTF8.GetBytes(ClickLog.SchemaJson);
        yield return Encoding.UTF8.GetBytes("""{"label":{"column":"rating","threshold":4},"fields":[{"kind":"categorical","column":"movieId","minCount":2},{"kind":"numeric","column":"I1","transform":"log1pStandardize","missing":"error"},{"kind":"multiHot","column":"genres","separator":"|","maxItems":5,"hashBuckets":100}]}""");
    }

    /// <inheritdoc/>
    public override void Parse(string path) => FeatureSchema.Load(path);
}

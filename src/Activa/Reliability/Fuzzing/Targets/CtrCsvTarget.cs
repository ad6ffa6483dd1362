using Activa.Data;
using Activa.Data.Ctr.Features;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// Click logs as CSV read through a feature schema (<see cref="CsvRowSource"/>, <see cref="FeaturePipeline.Fit"/>
/// then <see cref="FeaturePipeline.Transform(IRowSource)"/>); a clean rejection is a <see cref="DataFormatException"/>.
/// </summary>
public sealed class CtrCsvTarget() : TextFuzzTarget(
    "ctr-csv", "CTR click-log CSV through the feature pipeline (CsvRowSource, FeaturePipeline.Fit, Transform)", ".csv", typeof(DataFormatException))
{
    /// <inheritdoc/>
    protected override IEnumerable<string> CreateTextSeeds(string scratch)
    {
        yield return ClickLog.Csv();
        yield return "\"click\",user,ad,age,price,tags,history\r\n1,\"u,1\",ad1,30,2.5,\"t1|t2\",u1 u2\r\n0,u2,ad2,,1,t3,\r\n";
    }

    /// <inheritdoc/>
    public override void Parse(string path) => ClickLog.FitAndEncode(() => new CsvRowSource(path));
}

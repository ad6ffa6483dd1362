using System.Text;
using Activa.Data;
using Activa.Data.Forecasting;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>Time-series CSV in the ETT layout (<see cref="TimeSeriesCsv.Read"/>, missing values filled forward); a clean rejection is a <see cref="DataFormatException"/>.</summary>
public sealed class TimeSeriesCsvTarget() : TextFuzzTarget(
    "timeseries-csv", "time-series CSV, ETT layout (TimeSeriesCsv.Read)", ".csv", typeof(DataFormatException))
{
    /// <inheritdoc/>
    protected override IEnumerable<string> CreateTextSeeds(string scratch)
    {
        var ett = new StringBuilder("date,HUFL,MUFL,OT\n");
        for (int i = 0; i < 12; i++) ett.Append($"2016-07-01 {i:00}:00:00,{5.8 + 0.1 * i:0.###},{1.2 - 0.3 * i:0.###},{30 + i % 5}.5\n");
        yield return ett.ToString();
        yield return "timestamp,a,b,label\n2020/1/1,1,2,x\n2020/1/2,2,3,y\n2020/1/3,,4.5e1,z\n2020/1/4,4,NaN,w\n";
    }

    /// <inheritdoc/>
    public override void Parse(string path) => TimeSeriesCsv.Read(path, new TimeSeriesCsvOptions { MissingValues = MissingValuePolicy.FillForward });
}

using Activa.Data.Forecasting;
using Activa.IO;
using Activa.Models.Forecasting;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>Forecasting checkpoints (<see cref="ForecastCheckpoint.Load"/>, model rebuilt); a clean rejection is a <see cref="CheckpointFormatException"/>.</summary>
public sealed class ForecastCheckpointTarget() : CheckpointFuzzTarget("forecast-checkpoint", "forecasting checkpoints, model rebuilt (ForecastCheckpoint.Load)")
{
    /// <inheritdoc/>
    protected override IEnumerable<byte[]> CreateSeeds(string scratch)
    {
        var options = new ForecastModelOptions { InputLength = 8, Horizon = 4, Channels = 2, DModel = 4, Period = 4, Hidden = 4, MovingAverage = 3, Blocks = 1 };
        foreach (var name in new[] { "dlinear", "pgn" })
        {
            yield return Saved(Path.Combine(scratch, name + ".safetensors"), path => ForecastCheckpoint.Save(path, ForecastModel.Create(name, options, 1),
                new ForecastRunInfo(name, options, "ETTh1", ["HUFL", "OT"], SplitProtocol.Tsl, ChannelMode.Multivariate, 1, [1f, 2f], [0.5f, 1.5f])));
        }
    }

    /// <inheritdoc/>
    public override void Parse(string path) => ForecastCheckpoint.Load(path, new SafeTensorsLoadOptions());
}

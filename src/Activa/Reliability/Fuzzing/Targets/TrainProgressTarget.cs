using System.Text.Json;
using Activa.IO;
using Activa.Training;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// The JSON training options and progress a checkpoint carries in "activa.progress" (what <c>--resume</c> continues
/// from), parsed then validated (<see cref="TrainOptions.Validate"/>); a clean rejection is a <see cref="JsonException"/>
/// or the <see cref="ArgumentException"/> of an invalid setting.
/// </summary>
public sealed class TrainProgressTarget() : TextFuzzTarget(
    "train-options", "training options and progress JSON of checkpoints (activa.progress, TrainOptions.Validate)", ".json", typeof(JsonException), typeof(ArgumentException))
{
    /// <inheritdoc/>
    protected override IEnumerable<string> CreateTextSeeds(string scratch)
    {
        var progress = new TrainingProgress
        {
            EpochsCompleted = 2, BatchesInEpoch = 1, Step = 40, OptimizerSteps = 40, SchedulerSteps = 40,
            Generator = new Generator(3).GetState(), Options = new TrainOptions { Epochs = 5, BatchSize = 32, Lr = 1e-3f, Schedule = "cosine" },
            History = [new EpochMetrics(1, 0.5, 0.8, 0.6, null, 1.5, 1000, 0, 1e-3)],
        };
        yield return Checkpoint.ProgressToJson(progress);
    }

    /// <inheritdoc/>
    public override void Parse(string path) => Checkpoint.ProgressFromJson(File.ReadAllText(path)).Options.Validate();
}

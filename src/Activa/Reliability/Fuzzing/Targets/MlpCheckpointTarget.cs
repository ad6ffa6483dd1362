using Activa.IO;
using Activa.Models;
using Activa.Training;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// Training checkpoints of classifiers (MLP and KAN), loaded and rebuilt as <c>activa eval</c> does
/// (<see cref="Checkpoint.LoadModel"/>); a clean rejection is a <see cref="CheckpointFormatException"/>.
/// </summary>
public sealed class MlpCheckpointTarget() : CheckpointFuzzTarget("checkpoint", "MLP/KAN training checkpoints, loaded and rebuilt (Checkpoint.LoadModel)")
{
    /// <inheritdoc/>
    protected override IEnumerable<byte[]> CreateSeeds(string scratch)
    {
        ModelConfig[] configs =
        [
            new() { Inputs = 6, Hidden = [5], Outputs = 3, Activation = "relu", InputMean = 0.5f, InputStd = 2f, ClassNames = ["a", "b", "c"], Dataset = "digits" },
            new() { Inputs = 4, Hidden = [3, 3], Outputs = 2, Activation = "pau" },
            new() { Model = "kan", Inputs = 3, Hidden = [2], Outputs = 2, Basis = "bspline(grid=3, order=2)" },
        ];
        for (int i = 0; i < configs.Length; i++)
        {
            var model = configs[i].Build(new Generator((ulong)i));
            var progress = new TrainingProgress { EpochsCompleted = 1, Step = 4, OptimizerSteps = 4, Options = new TrainOptions { Epochs = 2, BatchSize = 8 } };
            var data = new CheckpointData(configs[i], model.StateDict(), new Dictionary<string, Tensor>(), progress);
            yield return Saved(Path.Combine(scratch, $"checkpoint-{i}.safetensors"), path => Checkpoint.Save(path, data));
        }
    }

    /// <inheritdoc/>
    public override void Parse(string path) => Checkpoint.LoadModel(path, new SafeTensorsLoadOptions());
}

using System.Text.Json;
using Activa.Models;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// The JSON model options a checkpoint carries in "activa.config" (<see cref="ModelConfig.FromJson"/>); a clean
/// rejection is a <see cref="JsonException"/>, which <see cref="IO.Checkpoint.Load"/> reports as damaged metadata.
/// </summary>
public sealed class ModelConfigTarget() : TextFuzzTarget(
    "model-config", "model options JSON of checkpoints (ModelConfig.FromJson)", ".json", typeof(JsonException))
{
    /// <inheritdoc/>
    protected override IEnumerable<string> CreateTextSeeds(string scratch)
    {
        yield return new ModelConfig { Inputs = 784, Hidden = [128, 64], Outputs = 10, Dropout = 0.1f, ClassNames = ["a", "b"], ActivationThresholds = [0.1f, 0f] }.ToJson();
        yield return new ModelConfig { Model = "kan", Inputs = 4, Hidden = [3], Outputs = 2, Basis = "chebyshev(degree=3)", Init = Nn.Init.LeCunNormal, SelfNormalizing = true }.ToJson();
    }

    /// <inheritdoc/>
    public override void Parse(string path) => ModelConfig.FromJson(File.ReadAllText(path));
}

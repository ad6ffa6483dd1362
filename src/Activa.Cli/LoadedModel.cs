using Activa.Data;
using Activa.IO;
using Activa.Models;
using Activa.Nn;

namespace Activa.Cli;

/// <summary>A model rebuilt from a checkpoint, in evaluation mode, with the test split of its dataset.</summary>
internal sealed record LoadedModel(Module Model, ModelConfig Config, Dataset Test, string DataName)
{
    public static LoadedModel Load(string checkpoint, string? dataOverride, string? dataDir)
    {
        var (model, data) = Checkpoint.LoadModel(CommonOptions.ResolveCheckpoint(checkpoint));
        model.Eval();
        string name = dataOverride is { } d && d != "auto" ? d : data.Config.Dataset ?? "digits";
        var (_, test) = Datasets.Load(name, dataDir);
        int features = test.SampleShape.Aggregate(1, (a, b) => a * b);
        if (features != data.Config.Inputs || test.Classes != data.Config.Outputs)
            throw new ArgumentException($"Dataset '{name}' ({features} features, {test.Classes} classes) does not fit the model ({data.Config.Inputs} inputs, {data.Config.Outputs} outputs).");
        return new LoadedModel(model, data.Config, test, name);
    }

    public string ClassName(int c) => Config.ClassNames is { } names && c < names.Length ? names[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

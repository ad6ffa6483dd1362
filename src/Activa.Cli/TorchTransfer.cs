using Activa.IO;
using Activa.IO.Torch;
using Activa.Models.Forecasting;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// The PyTorch side of <c>activa export --torch</c> and <c>activa import</c> for every kind of run: MLPs and KANs
/// (<see cref="TorchInterop"/>), forecasting models (<see cref="TorchForecast"/>) and CTR models on behaviour samples
/// (<see cref="TorchCtr"/>), told apart by the checkpoint's format tag.
/// </summary>
internal static class TorchTransfer
{
    /// <summary>
    /// Writes the weights of <paramref name="checkpoint"/> as the state_dict of the equivalent PyTorch module to
    /// <paramref name="file"/> (safetensors; the module's Python expression and source in its metadata), and the Python
    /// source that builds the module to <paramref name="file"/> with the extension .py.
    /// </summary>
    public static void Export(string checkpoint, string file)
    {
        var (state, module, source) = Convert(checkpoint);
        SafeTensors.Save(file, state, new Dictionary<string, string> { ["activa.module"] = module, ["activa.source"] = source });
        Console.WriteLine($"wrote {file}: {state.Count} tensors ({string.Join(", ", state.Keys)}) for");
        Console.WriteLine($"  {module}");
        string script = Path.ChangeExtension(file, ".py");
        File.WriteAllText(script, source + $"""

            model = {module}
            # model.load_state_dict(safetensors.torch.load_file("{Path.GetFileName(file)}")); model.eval()

            """);
        Console.WriteLine($"wrote {script}: the module's Python source (torch only)");
    }

    private static (Dictionary<string, Tensor> State, string Module, string Source) Convert(string checkpoint)
    {
        switch (CtrCheckpoint.FormatOf(checkpoint))
        {
            case ForecastCheckpoint.Format:
            {
                var (model, _) = ForecastCheckpoint.Load(checkpoint);
                return (TorchForecast.StateDict(model), TorchForecast.ModuleSource(model), TorchForecast.PythonSource);
            }
            case CtrCheckpoint.Format:
            {
                var (model, _) = CtrCheckpoint.Load(checkpoint);
                return (TorchCtr.StateDict(model), TorchCtr.ModuleSource(model), TorchCtr.PythonSource);
            }
            case CtrCheckpoint.FieldsFormat:
                throw new ArgumentException($"{checkpoint}: PyTorch export covers the CTR models on behaviour samples, not models trained on a file through a feature pipeline.");
            default:
            {
                var data = Checkpoint.Load(checkpoint);
                var model = data.Config.Build();
                model.LoadStateDict(data.Model);
                model.Eval();
                var state = TorchInterop.StateDict(data.Config, model);
                if (data.Config.Model == "mlp" && (data.Config.InputMean != 0 || data.Config.InputStd != 1))
                    Console.WriteLine($"  (the input standardisation (x − {data.Config.InputMean:G4}) / {data.Config.InputStd:G4} is folded into the first Linear: feed raw inputs)");
                return (state, TorchInterop.ModuleSource(data.Config), TorchInterop.PythonSource(data.Config));
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="file"/> (a state_dict of the module that <c>export --torch</c> describes for
    /// <paramref name="like"/>'s model) into that model and writes a checkpoint of the same kind as
    /// <paramref name="like"/>'s to <paramref name="outDir"/>/checkpoint.safetensors.
    /// </summary>
    public static void Import(string file, string like, string outDir)
    {
        if (!File.Exists(file)) throw new ArgumentException($"{file}: no such file.");
        var tensors = SafeTensors.Load(file).Tensors;
        string target = Path.Combine(outDir, "checkpoint.safetensors");
        string description = ImportInto(file, tensors, like, outDir, target);
        Console.WriteLine($"wrote {target}: {description} with the weights of {file}");
    }

    private static string ImportInto(string file, IReadOnlyDictionary<string, Tensor> tensors, string like, string outDir, string target)
    {
        switch (CtrCheckpoint.FormatOf(like))
        {
            case ForecastCheckpoint.Format:
            {
                var (_, info) = ForecastCheckpoint.Load(like);
                var model = TorchForecast.Import(info.Model, info.Options, tensors, file);
                Directory.CreateDirectory(outDir);
                ForecastCheckpoint.Save(target, model, info);
                return TorchForecast.ModuleSource(model);
            }
            case CtrCheckpoint.Format:
            {
                var (_, info) = CtrCheckpoint.Load(like);
                var model = TorchCtr.Import(info.Model, info.Vocabulary, info.Options, tensors, file);
                Directory.CreateDirectory(outDir);
                CtrCheckpoint.Save(target, model, info);
                return TorchCtr.ModuleSource(model);
            }
            case CtrCheckpoint.FieldsFormat:
                throw new ArgumentException($"{like}: PyTorch import covers the CTR models on behaviour samples, not models trained on a file through a feature pipeline.");
            default:
            {
                var source = Checkpoint.Load(like);
                var (model, config) = TorchInterop.Import(source.Config, tensors, file);
                Directory.CreateDirectory(outDir);
                Checkpoint.Save(target, new CheckpointData(config, model.StateDict(), new Dictionary<string, Tensor>(),
                    new TrainingProgress { Options = source.Progress.Options with { Epochs = 1 }, EpochsCompleted = 0 }));
                return TorchInterop.ModuleSource(config);
            }
        }
    }
}

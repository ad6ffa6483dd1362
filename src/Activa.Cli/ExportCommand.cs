using System.CommandLine;
using Activa.IO;

namespace Activa.Cli;

/// <summary>
/// <c>activa export RUN --onnx FILE</c>: the run's model (MLP, KAN, CTR model or forecaster) as an ONNX model (<see cref="Onnx.OnnxRuns"/>);
/// <c>activa export RUN --torch FILE</c>: as a safetensors file whose tensor names and layouts are the state_dict of the
/// equivalent PyTorch nn.Sequential (<see cref="TorchInterop"/>); prints that module's Python source.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (or checkpoint) written by 'activa train' (an MLP), or, for --onnx, by 'activa ctr train' or 'activa forecast train'." };
        var torch = new Option<string?>("--torch") { Description = "Write PyTorch-compatible weights (safetensors, nn.Sequential state_dict names) to this file." };
        var onnx = new Option<string?>("--onnx") { Description = "Write the model as ONNX (opset 17; MLPs, KANs, CTR models, forecasters; prints the inputs and outputs) to this file." };
        var command = new Command("export", "Export a trained model as ONNX (MLP, KAN, CTR model, forecaster), or an MLP's weights for PyTorch (the equivalent nn.Sequential's state_dict, as safetensors).") { run, onnx, torch };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            string? file = parse.GetValue(torch), onnxFile = parse.GetValue(onnx);
            if (file == null && onnxFile == null) throw new ArgumentException("Say what to export: --onnx FILE or --torch FILE.");
            string checkpoint = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            if (onnxFile != null)
            {
                try
                {
                    Console.WriteLine($"wrote {onnxFile}: {Onnx.OnnxRuns.Export(checkpoint, onnxFile)}");
                }
                catch (NotSupportedException e)
                {
                    throw new ArgumentException(e.Message, e);
                }
            }
            if (file == null) return 0;
            var data = Checkpoint.Load(checkpoint);
            var model = data.Config.Build();
            model.LoadStateDict(data.Model);
            model.Eval();
            var state = TorchInterop.StateDict(data.Config, model);
            SafeTensors.Save(file, state, new Dictionary<string, string> { ["activa.module"] = TorchInterop.ModuleSource(data.Config) });
            Console.WriteLine($"wrote {file}: {state.Count} tensors ({string.Join(", ", state.Keys)}) for");
            Console.WriteLine($"  {TorchInterop.ModuleSource(data.Config)}");
            if (data.Config.InputMean != 0 || data.Config.InputStd != 1)
                Console.WriteLine($"  (the input standardisation (x − {data.Config.InputMean:G4}) / {data.Config.InputStd:G4} is folded into the first Linear: feed raw inputs)");
            return 0;
        }));
        return command;
    }
}

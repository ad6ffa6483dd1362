using System.CommandLine;
using Activa.IO;

namespace Activa.Cli;

/// <summary>
/// <c>activa export RUN --onnx FILE</c>: the run's MLP as an ONNX model (<see cref="Onnx.OnnxExport"/>);
/// <c>activa export RUN --torch FILE</c>: as a safetensors file whose tensor names and layouts are the state_dict of the
/// equivalent PyTorch nn.Sequential (<see cref="TorchInterop"/>); prints that module's Python source.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (or checkpoint) written by 'activa train' (an MLP)." };
        var torch = new Option<string?>("--torch") { Description = "Write PyTorch-compatible weights (safetensors, nn.Sequential state_dict names) to this file." };
        var onnx = new Option<string?>("--onnx") { Description = "Write the model as ONNX (opset 17; input [batch, features], output logits) to this file." };
        var command = new Command("export", "Export a trained MLP: as ONNX, or its weights for PyTorch (the equivalent nn.Sequential's state_dict, as safetensors).") { run, onnx, torch };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            string? file = parse.GetValue(torch), onnxFile = parse.GetValue(onnx);
            if (file == null && onnxFile == null) throw new ArgumentException("Say what to export: --onnx FILE or --torch FILE.");
            string checkpoint = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            var data = Checkpoint.Load(checkpoint);
            var model = data.Config.Build();
            model.LoadStateDict(data.Model);
            model.Eval();
            if (onnxFile != null)
            {
                Onnx.OnnxExport.Save(onnxFile, data.Config, model);
                Console.WriteLine($"wrote {onnxFile}: ONNX opset {Onnx.OnnxExport.Opset}, input 'input' [batch, {data.Config.Inputs}], output 'logits' [batch, {data.Config.Outputs}]");
            }
            if (file == null) return 0;
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

using System.CommandLine;
using Activa.IO;

namespace Activa.Cli;

/// <summary>
/// <c>activa export RUN --onnx FILE</c>: the run's MLP as an ONNX model (<see cref="Onnx.OnnxExport"/>);
/// <c>activa export RUN --torch FILE</c>: any run (MLP, KAN, forecasting, CTR) as a safetensors file whose tensor names
/// and layouts are the state_dict of the equivalent PyTorch module, with that module's Python source beside it
/// (<see cref="TorchTransfer"/>).
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (or checkpoint) written by 'activa train' (--onnx: an MLP; --torch: also a KAN, or a run of 'activa forecast train' or 'activa ctr train')." };
        var torch = new Option<string?>("--torch") { Description = "Write PyTorch-compatible weights (safetensors, the equivalent module's state_dict names) to this file, and the module's Python source to FILE.py." };
        var onnx = new Option<string?>("--onnx") { Description = "Write the model as ONNX (opset 17; input [batch, features], output logits) to this file." };
        var command = new Command("export", "Export a trained model: an MLP as ONNX, or any run's weights for PyTorch (the equivalent module's state_dict as safetensors, and its Python source).") { run, onnx, torch };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            string? file = parse.GetValue(torch), onnxFile = parse.GetValue(onnx);
            if (file == null && onnxFile == null) throw new ArgumentException("Say what to export: --onnx FILE or --torch FILE.");
            string checkpoint = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            if (file != null) TorchTransfer.Export(checkpoint, file);
            if (onnxFile == null) return 0;
            var data = Checkpoint.Load(checkpoint);
            var model = data.Config.Build();
            model.LoadStateDict(data.Model);
            model.Eval();
            if (onnxFile != null)
            {
                Onnx.OnnxExport.Save(onnxFile, data.Config, model);
                Console.WriteLine($"wrote {onnxFile}: ONNX opset {Onnx.OnnxExport.Opset}, input 'input' [batch, {data.Config.Inputs}], output 'logits' [batch, {data.Config.Outputs}]");
            }
            return 0;
        }));
        return command;
    }
}

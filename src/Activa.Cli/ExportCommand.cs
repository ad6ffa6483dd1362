using System.CommandLine;

namespace Activa.Cli;

/// <summary>
/// <c>activa export RUN --onnx FILE</c>: the run's model (MLP, KAN, CTR model or forecaster) as an ONNX model
/// (<see cref="Onnx.OnnxRuns"/>); <c>activa export RUN --torch FILE</c>: any run (MLP, KAN, forecasting, CTR) as a
/// safetensors file whose tensor names and layouts are the state_dict of the equivalent PyTorch module, with that
/// module's Python source beside it (<see cref="TorchTransfer"/>).
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (or checkpoint) written by 'activa train', 'activa ctr train' or 'activa forecast train'." };
        var torch = new Option<string?>("--torch") { Description = "Write PyTorch-compatible weights (safetensors, the equivalent module's state_dict names) to this file, and the module's Python source to FILE.py." };
        var onnx = new Option<string?>("--onnx") { Description = "Write the model as ONNX (opset 17; MLPs, KANs, CTR models, forecasters; prints the inputs and outputs) to this file." };
        var command = new Command("export", "Export a trained model as ONNX, or its weights for PyTorch (the equivalent module's state_dict as safetensors, and its Python source).") { run, onnx, torch };
        CommonOptions.SetAction(command, parse =>
        {
            string? file = parse.GetValue(torch), onnxFile = parse.GetValue(onnx);
            if (file == null && onnxFile == null) throw new ArgumentException("Say what to export: --onnx FILE or --torch FILE.");
            string checkpoint = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            if (onnxFile != null) Console.WriteLine($"wrote {onnxFile}: {Onnx.OnnxRuns.Export(checkpoint, onnxFile)}");
            if (file != null) TorchTransfer.Export(checkpoint, file);
            return 0;
        });
        return command;
    }
}

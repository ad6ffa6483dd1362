using System.CommandLine;
using Activa.IO;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// <c>activa import FILE --like RUN --out DIR</c>: reads PyTorch weights (the state_dict of the nn.Sequential that
/// <c>activa export --torch</c> describes, as safetensors) into the architecture of RUN and writes a run folder that
/// eval, predict, analyze and train --resume read.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Safetensors file with the nn.Sequential's state_dict (e.g. written by safetensors.torch.save_file or activa export --torch)." };
        var like = new Option<string>("--like") { Description = "A run (folder or checkpoint) with the same architecture: its config is used.", Required = true };
        var output = new Option<string>("--out") { Description = "Run folder to write.", Required = true };
        var command = new Command("import", "Import PyTorch weights of an MLP into an Activa run folder.") { file, like, output };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            string path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new ArgumentException($"{path}: no such file.");
            var source = Checkpoint.Load(CommonOptions.ResolveCheckpoint(parse.GetValue(like)!));
            var (model, config) = TorchInterop.Import(source.Config, SafeTensors.Load(path).Tensors, path);
            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            Checkpoint.Save(Path.Combine(dir, "checkpoint.safetensors"), new CheckpointData(config, model.StateDict(), new Dictionary<string, Tensor>(),
                new TrainingProgress { Options = source.Progress.Options with { Epochs = 1 }, EpochsCompleted = 0 }));
            Console.WriteLine($"wrote {dir}/checkpoint.safetensors: {TorchInterop.ModuleSource(config)} with the weights of {path}");
            return 0;
        }));
        return command;
    }
}

using System.CommandLine;

namespace Activa.Cli;

/// <summary>
/// <c>activa import FILE --like RUN --out DIR</c>: reads PyTorch weights (the state_dict of the module that
/// <c>activa export --torch</c> describes for RUN's model, as safetensors) into the architecture of RUN and writes a run
/// folder of the same kind (MLP or KAN, forecasting, CTR) that the commands reading such runs accept
/// (<see cref="TorchTransfer.Import"/>).
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Safetensors file with the equivalent PyTorch module's state_dict (e.g. written by safetensors.torch.save_file or activa export --torch)." };
        var like = new Option<string>("--like") { Description = "A run (folder or checkpoint) with the same architecture: its config is used.", Required = true };
        var output = new Option<string>("--out") { Description = "Run folder to write.", Required = true };
        var command = new Command("import", "Import PyTorch weights of an MLP, KAN, forecasting or CTR model into an Activa run folder.") { file, like, output };
        CommonOptions.SetAction(command, parse =>
        {
            TorchTransfer.Import(parse.GetValue(file)!, CommonOptions.ResolveCheckpoint(parse.GetValue(like)!), parse.GetValue(output)!);
            return 0;
        });
        return command;
    }
}

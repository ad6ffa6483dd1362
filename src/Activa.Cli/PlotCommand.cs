using System.CommandLine;
using Activa.IO;
using Activa.Plots;

namespace Activa.Cli;

/// <summary><c>activa plot RUN --activations</c>: the activation shapes a training run learned, from its checkpoint.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder or checkpoint written by 'activa train'." };
        var activations = new Option<bool>("--activations") { Description = "Plot the (learned) activation of every activation layer (the only plot for now)." };
        var output = new Option<string?>("--out") { Description = "Output .png or .svg (default RUN/activations.png)." };
        var xmin = new Option<double>("--xmin") { Description = "Left end of the x range.", DefaultValueFactory = _ => -4 };
        var xmax = new Option<double>("--xmax") { Description = "Right end of the x range.", DefaultValueFactory = _ => 4 };
        var command = new Command("plot", "Plot what a training run learned.") { run, activations, output, xmin, xmax };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            if (!parse.GetValue(activations)) throw new ArgumentException("Say what to plot: --activations.");
            string checkpoint = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            var data = Checkpoint.Load(checkpoint);
            var model = data.Config.Build();
            model.LoadStateDict(data.Model);
            string path = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!, "activations.png");
            LeaderboardPlot.SaveModelActivations(model, path, parse.GetValue(xmin), parse.GetValue(xmax));
            Console.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }
}

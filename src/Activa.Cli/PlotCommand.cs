using System.CommandLine;
using Activa.Data;
using Activa.IO;
using Activa.Kan;
using Activa.Nn;
using Activa.Plots;

namespace Activa.Cli;

/// <summary>
/// <c>activa plot RUN</c>: the training curves (loss, accuracy, learning rate per epoch) of a run;
/// <c>activa plot RUN --activations</c>: the activation shapes a training run learned, from its checkpoint;
/// <c>activa plot RUN --edges</c>: every edge function φ_ij of a KAN run, one panel per edge, grouped per layer.
/// </summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder or checkpoint written by 'activa train' (or 'activa kan fit --out')." };
        var activations = new Option<bool>("--activations") { Description = "Plot the (learned) activation of every activation layer (default file RUN/activations.png)." };
        var edges = new Option<bool>("--edges") { Description = "Plot every edge function φ_ij of a KAN, per layer (default file RUN/edges.png)." };
        var maxEdges = new Option<int>("--max-edges") { Description = "With --edges: at most this many edges per layer, the ones with the largest mean |φ|.", DefaultValueFactory = _ => 64 };
        var output = new Option<string?>("--out") { Description = "Output .png or .svg (--edges: .png) (default RUN/activations.png or RUN/edges.png)." };
        var xmin = new Option<double>("--xmin") { Description = "Left end of the x range (--edges: of every edge; default: each input's range on the run's test data, or its B-spline grid).", DefaultValueFactory = _ => -4 };
        var xmax = new Option<double>("--xmax") { Description = "Right end of the x range (as --xmin).", DefaultValueFactory = _ => 4 };
        var command = new Command("plot", "Plot what a training run learned.") { run, activations, edges, maxEdges, output, xmin, xmax };
        CommonOptions.SetAction(command, parse =>
        {
            bool plotActivations = parse.GetValue(activations), plotEdges = parse.GetValue(edges);
            if (plotActivations && plotEdges && parse.GetValue(output) != null) throw new ArgumentException("--out names one file: plot --activations and --edges one at a time.");
            string checkpoint = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            var data = Checkpoint.Load(checkpoint);
            if (!plotActivations && !plotEdges)
            {
                string curves = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!, "curves.png");
                TrainingCurvesPlot.Save(data.Progress.History, curves);
                Console.WriteLine($"wrote {curves} (loss, accuracy and learning rate over {data.Progress.History.Count} epochs; --activations or --edges for what the run learned)");
                return 0;
            }
            var model = data.Config.Build();
            model.LoadStateDict(data.Model);
            string folder = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
            if (plotActivations)
            {
                string path = parse.GetValue(output) ?? Path.Combine(folder, "activations.png");
                LeaderboardPlot.SaveModelActivations(model, path, parse.GetValue(xmin), parse.GetValue(xmax));
                Console.WriteLine($"wrote {path}");
            }
            if (plotEdges)
            {
                var layers = KanNetwork.Layers(model);
                if (layers.Count == 0)
                    throw new ArgumentException($"{checkpoint} is a '{data.Config.Model}' run with no KAN layer; --edges needs a KAN (activa train --model kan, activa kan fit --out).");
                bool explicitRange = parse.GetResult(xmin) is { Implicit: false } || parse.GetResult(xmax) is { Implicit: false };
                var (ranges, source) = explicitRange ? (Fixed(layers, parse.GetValue(xmin), parse.GetValue(xmax)), "--xmin/--xmax") : DataRanges(model, data.Config.Dataset);
                string path = parse.GetValue(output) ?? Path.Combine(folder, "edges.png");
                KanEdgePlot.Save(layers, path, ranges, parse.GetValue(maxEdges));
                Console.WriteLine($"wrote {path} ({layers.Count} KAN layers, {layers.Sum(l => (long)l.InFeatures * l.OutFeatures):N0} edges; x ranges from {source})");
            }
            return 0;
        });
        return command;
    }

    private static (double Lo, double Hi)[][] Fixed(IReadOnlyList<KanLayer> layers, double lo, double hi)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || !(lo < hi)) throw new ArgumentException($"--xmin must be below --xmax, got [{lo}, {hi}].");
        return [.. layers.Select(l => Enumerable.Repeat((lo, hi), l.InFeatures).ToArray())];
    }

    /// <summary>Each layer's input ranges on up to 1,024 test samples of the run's dataset; the B-spline grids (or [−1, 1]) when it cannot be loaded.</summary>
    private static ((double Lo, double Hi)[][]? Ranges, string Source) DataRanges(Module model, string? dataset)
    {
        if (dataset != null && model is Sequential sequential)
        {
            try
            {
                var (_, test) = Datasets.Load(dataset, null);
                var sample = test.Subset(Enumerable.Range(0, Math.Min(test.Count, 1024)).ToArray());
                return (KanEdgePlot.InputRanges(sequential, sample.Features), $"{sample.Count:N0} {dataset} test samples");
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                Console.Error.WriteLine($"activa: note: cannot load '{dataset}' for the input ranges ({e.Message}); using the B-spline grids.");
            }
        }
        return (null, "the B-spline grids (else [-1, 1])");
    }
}

using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Nn;
using Activa.Training;
using ScottPlot;

namespace Activa.Plots;

/// <summary>The figures of an activation leaderboard: test-accuracy curves and the (learned) activation shapes.</summary>
public static class LeaderboardPlot
{
    /// <summary>Mean test accuracy per epoch of each activation (over its seeds).</summary>
    public static void SaveAccuracyCurves(IEnumerable<LeaderboardRun> runs, string path, int width = 900, int height = 560)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var group in runs.GroupBy(r => r.Activation))
        {
            int epochs = group.Min(r => r.History.Count);
            if (epochs == 0) continue;
            double[] xs = [.. Enumerable.Range(1, epochs).Select(e => (double)e)];
            double[] ys = [.. Enumerable.Range(0, epochs).Select(e => 100 * group.Average(r => r.History[e].ValidationAccuracy ?? double.NaN))];
            AddLine(plot, xs, ys, palette.GetColor(i++), group.Key, markerSize: 5);
        }
        Label(plot, "epoch", "test accuracy (%), mean over seeds", Alignment.LowerRight);
        Save(plot, path, width, height);
    }

    /// <summary>
    /// The activation of each entry after training (seed 0, first activation layer, first parameter set) on
    /// [<paramref name="xmin"/>, <paramref name="xmax"/>]; fixed activations are drawn as they are.
    /// </summary>
    public static void SaveShapes(IEnumerable<LeaderboardRun> runs, string path, double xmin = -4, double xmax = 4, int width = 900, int height = 560)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var run in runs.GroupBy(r => r.Activation).Select(g => g.OrderBy(r => r.Seed).First()))
        {
            Func<double, double>? f = FirstActivation(run.Model);
            if (f == null) continue;
            double[] xs = [.. Enumerable.Range(0, 401).Select(k => xmin + (xmax - xmin) * k / 400)];
            AddLine(plot, xs, [.. xs.Select(f)], palette.GetColor(i++), run.Activation, markerSize: 0);
        }
        Label(plot, "x", "f(x) after training (first layer)", Alignment.UpperLeft);
        Save(plot, path, width, height);
    }

    /// <summary>
    /// The activations of a trained model, one curve per activation layer (named by its path in the model) and,
    /// for parameters shared per channel or group, up to <paramref name="maxSets"/> parameter sets per layer.
    /// </summary>
    /// <exception cref="ArgumentException">The model has no activation layer.</exception>
    public static void SaveModelActivations(Module model, string path, double xmin = -4, double xmax = 4, int maxSets = 4, int width = 900, int height = 560) =>
        Save(ModelActivations(model, xmin, xmax, maxSets), path, width, height);

    /// <summary>The plot <see cref="SaveModelActivations"/> writes.</summary>
    /// <exception cref="ArgumentException">The model has no activation layer.</exception>
    internal static Plot ModelActivations(Module model, double xmin, double xmax, int maxSets)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double[] xs = [.. Enumerable.Range(0, 401).Select(k => xmin + (xmax - xmin) * k / 400)];
        int curves = 0;
        foreach (var (layer, label, f) in Curves(model, maxSets))
        {
            AddLine(plot, xs, [.. xs.Select(f)], palette.GetColor(layer), label, markerSize: 0);
            curves++;
        }
        if (curves == 0) throw new ArgumentException("The model has no activation layer to plot.");
        Label(plot, "x", "f(x) as trained", Alignment.UpperLeft);
        return plot;
    }

    /// <summary>The activation layers of <paramref name="model"/> in order: (layer index, legend label, f), up to
    /// <paramref name="maxSets"/> parameter sets per learnable layer.</summary>
    private static IEnumerable<(int Layer, string Label, Func<double, double> F)> Curves(Module model, int maxSets)
    {
        int layer = 0;
        foreach (var (name, m) in model.NamedModules())
        {
            if (m is LearnableActivation l)
            {
                for (int set = 0; set < Math.Min(l.Groups, maxSets); set++)
                {
                    int s = set;
                    yield return (layer, $"layer {name}: {l.Describe().Name}" + (l.Groups > 1 ? $" [{s}]" : ""), x => l.Evaluate(x, s));
                }
                layer++;
            }
            else if (m is Act a)
                yield return (layer++, $"layer {name}: {a.Activation.Spec}", x => a.Activation.Value((float)x));
        }
    }

    private static Func<double, double>? FirstActivation(Module model) => Curves(model, 1).Select(c => c.F).FirstOrDefault();

    /// <summary>One curve, 2 px wide, with its legend entry.</summary>
    private static void AddLine(Plot plot, double[] xs, double[] ys, Color color, string legend, float markerSize)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = legend;
        line.LineWidth = 2;
        line.MarkerSize = markerSize;
    }

    /// <summary>The axis labels and the legend, placed at <paramref name="legend"/>.</summary>
    private static void Label(Plot plot, string xLabel, string yLabel, Alignment legend)
    {
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(legend);
    }

    private static void Save(Plot plot, string path, int width, int height) =>
        ActivationPlot.Write(plot, path, ActivationPlot.FormatOf(path), width, height);
}

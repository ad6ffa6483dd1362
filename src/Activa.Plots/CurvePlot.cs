using ScottPlot;

namespace Activa.Plots;

/// <summary>Curves: per-epoch series (epochs from 1), e.g. validation AUC of several models, or any (x, y) lines.</summary>
public static class CurvePlot
{
    /// <summary>Draws each series against its epoch number and writes a .png or .svg.</summary>
    /// <exception cref="ArgumentException">No series has a value, or the extension is not .png/.svg.</exception>
    public static void Save(IEnumerable<(string Label, IReadOnlyList<double> Values)> series, string yLabel, string path,
        int width = 900, int height = 560) =>
        Save(series.Select(s => (s.Label, (IReadOnlyList<double>)[.. Enumerable.Range(1, s.Values.Count).Select(e => (double)e)], s.Values)),
            "epoch", yLabel, path, width, height);

    /// <summary>Draws each series as a line through its (x, y) points and writes a .png or .svg.</summary>
    /// <exception cref="ArgumentException">No series has a point, a series has fewer ys than xs, or the extension is not .png/.svg.</exception>
    public static void Save(IEnumerable<(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, string xLabel, string yLabel,
        string path, int width = 900, int height = 560) =>
        ActivationPlot.Write(Build(series, xLabel, yLabel), path, ActivationPlot.FormatOf(path), width, height);

    /// <summary>The plot <see cref="Save(IEnumerable{ValueTuple{string, IReadOnlyList{double}, IReadOnlyList{double}}}, string, string, string, int, int)"/> writes.</summary>
    internal static Plot Build(IEnumerable<(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, string xLabel, string yLabel)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var (label, xs, ys) in series)
        {
            if (xs.Count != ys.Count) throw new ArgumentException($"CurvePlot: series '{label}' has {xs.Count} x values and {ys.Count} y values.");
            if (xs.Count == 0) continue;
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), palette.GetColor(i++));
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }
        if (i == 0) throw new ArgumentException("CurvePlot: nothing to draw (every series is empty).");
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}

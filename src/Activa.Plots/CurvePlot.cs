using ScottPlot;

namespace Activa.Plots;

/// <summary>Per-epoch curves (one line per series, epochs from 1), e.g. validation AUC of several models.</summary>
public static class CurvePlot
{
    /// <summary>Draws each series against its epoch number and writes a .png or .svg.</summary>
    /// <exception cref="ArgumentException">No series has a value, or the extension is not .png/.svg.</exception>
    public static void Save(IEnumerable<(string Label, IReadOnlyList<double> Values)> series, string yLabel, string path,
        int width = 900, int height = 560)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var (label, values) in series)
        {
            if (values.Count == 0) continue;
            double[] xs = [.. Enumerable.Range(1, values.Count).Select(e => (double)e)];
            var line = plot.Add.ScatterLine(xs, [.. values], palette.GetColor(i++));
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }
        if (i == 0) throw new ArgumentException("CurvePlot: nothing to draw (every series is empty).");
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.LowerRight);
        ActivationPlot.Write(plot, path, ActivationPlot.FormatOf(path), width, height);
    }
}

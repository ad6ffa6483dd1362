using ScottPlot;

namespace Activa.Plots;

/// <summary>One forecast window drawn: the input steps, the true continuation and each model's forecast of it.</summary>
public static class ForecastPlot
{
    /// <summary>
    /// Draws <paramref name="context"/> at steps −L…−1, <paramref name="truth"/> and every forecast at steps 0…H−1, and
    /// writes a .png or .svg.
    /// </summary>
    /// <exception cref="ArgumentException">A forecast's length differs from the truth's, or the extension is not .png/.svg.</exception>
    public static void Save(IReadOnlyList<float> context, IReadOnlyList<float> truth, IEnumerable<(string Label, float[] Values)> forecasts,
        string title, string path, int width = 1000, int height = 520)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        Line(plot, Steps(-context.Count, context.Count), context, Colors.Gray, "input", 1.5f);
        Line(plot, Steps(0, truth.Count), truth, Colors.Black, "truth", 2f);
        int i = 0;
        foreach (var (label, values) in forecasts)
        {
            if (values.Length != truth.Count)
                throw new ArgumentException($"ForecastPlot: the forecast of '{label}' has {values.Length} steps, the truth {truth.Count}.");
            Line(plot, Steps(0, values.Length), values, palette.GetColor(i++), label, 1.5f);
        }
        plot.Title(title);
        plot.XLabel("step (0 = first forecast step)");
        plot.YLabel("value");
        plot.ShowLegend(Alignment.UpperLeft);
        ActivationPlot.Write(plot, path, ActivationPlot.FormatOf(path), width, height);
    }

    private static double[] Steps(int start, int count) => [.. Enumerable.Range(start, count).Select(s => (double)s)];

    private static void Line(Plot plot, double[] xs, IReadOnlyList<float> ys, Color color, string label, float width)
    {
        var line = plot.Add.ScatterLine(xs, [.. ys.Select(v => (double)v)], color);
        line.LegendText = label;
        line.LineWidth = width;
        line.MarkerSize = 0;
    }
}

using Activa.Analysis;
using ScottPlot;

namespace Activa.Plots;

/// <summary>Bar charts of fixed-bin <see cref="Histogram"/>s, e.g. the pre-activations or outputs of one layer.</summary>
public static class HistogramPlot
{
    /// <summary>
    /// Draws the bins of <paramref name="histogram"/> as bars (share of all values per bin) and writes a .png or .svg; the
    /// title gives the out-of-range shares.
    /// </summary>
    /// <exception cref="ArgumentException">The histogram is empty, or the extension is not .png/.svg.</exception>
    public static void Save(Histogram histogram, string title, string xLabel, string path, int width = 800, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long total = histogram.Total;
        if (total == 0) throw new ArgumentException($"HistogramPlot: the histogram for '{title}' is empty.", nameof(histogram));
        var format = ActivationPlot.FormatOf(path);
        var edges = histogram.Edges();
        double binWidth = edges[1] - edges[0];
        var plot = new Plot();
        var bars = plot.Add.Bars(
            [.. Enumerable.Range(0, histogram.Bins).Select(k => (edges[k] + edges[k + 1]) / 2)],
            [.. histogram.Counts.Select(c => (double)c / total)]);
        foreach (var bar in bars.Bars)
        {
            bar.Size = binWidth;
            bar.LineWidth = 0;
        }
        string outside = histogram.Underflow + histogram.Overflow + histogram.NaNs == 0 ? ""
            : $" (outside [{edges[0]:G3}, {edges[^1]:G3}]: {(double)histogram.Underflow / total:P1} below, {(double)histogram.Overflow / total:P1} above{(histogram.NaNs > 0 ? $", {histogram.NaNs} NaN" : "")})";
        plot.Title(title + outside);
        plot.XLabel(xLabel);
        plot.YLabel("share of values");
        plot.Axes.Margins(bottom: 0);
        ActivationPlot.Write(plot, path, format, width, height);
    }
}

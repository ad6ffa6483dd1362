using Activa.Training;
using ScottPlot;
using SkiaSharp;

namespace Activa.Plots;

/// <summary>
/// The training curves of a run (its metrics.json): loss, accuracy and learning rate per epoch, three panels side by
/// side in one PNG — train and validation lines where the run had a validation split.
/// </summary>
public static class TrainingCurvesPlot
{
    /// <summary>Draws <paramref name="history"/> to <paramref name="path"/> (PNG).</summary>
    /// <exception cref="ArgumentException">An empty history.</exception>
    public static void Save(IReadOnlyList<EpochMetrics> history, string path, int panelWidth = 520, int panelHeight = 400)
    {
        var panels = PanelPlots(history);
        using var surface = SKSurface.Create(new SKImageInfo(panels.Count * panelWidth, panelHeight)) ?? throw new InvalidOperationException("Cannot allocate the image.");
        surface.Canvas.Clear(SKColors.White);
        using var panel = SKSurface.Create(new SKImageInfo(panelWidth, panelHeight)) ?? throw new InvalidOperationException("Cannot allocate a panel image.");
        for (int i = 0; i < panels.Count; i++) Panels.Draw(surface.Canvas, panel, panels[i], i * panelWidth, 0);
        Panels.SavePng(surface, path);
    }

    /// <summary>The three panels (loss, accuracy, learning rate) of <paramref name="history"/>, each its own plot (the HTML report draws them as SVG).</summary>
    /// <exception cref="ArgumentException">An empty history.</exception>
    internal static List<Plot> PanelPlots(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) throw new ArgumentException("The run has no completed epoch to plot.", nameof(history));
        double[] epochs = [.. history.Select(m => (double)m.Epoch)];
        return
        [
            Panel("loss", epochs, ("train", history.Select(m => (double?)m.TrainLoss)), ("validation", history.Select(m => m.ValidationLoss))),
            Panel("accuracy (%)", epochs, ("train", history.Select(m => (double?)(100 * m.TrainAccuracy))),
                ("validation", history.Select(m => m.ValidationAccuracy * 100))),
            Panel("learning rate (end of epoch)", epochs, ("learning rate", history.Select(m => m.LearningRate))),
        ];
    }

    private static Plot Panel(string title, double[] epochs, params (string Label, IEnumerable<double?> Values)[] series)
    {
        var plot = new Plot();
        if (ActivationPlot.SansFont.Value is { } font) plot.Font.Set(font);
        var palette = new ScottPlot.Palettes.Category10();
        int drawn = 0;
        foreach (var (label, values) in series)
        {
            var v = values.ToArray();
            int[] known = [.. Enumerable.Range(0, v.Length).Where(i => v[i] is { } x && double.IsFinite(x))];
            if (known.Length == 0) continue;
            var line = plot.Add.ScatterLine(known.Select(i => epochs[i]).ToArray(), known.Select(i => v[i]!.Value).ToArray(), palette.GetColor(drawn++));
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }
        if (drawn == 0) plot.Add.Annotation("not recorded");
        plot.Title(title, 13);
        plot.XLabel("epoch");
        if (drawn > 1) plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}

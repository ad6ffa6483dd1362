using Activa.Nn;
using Activa.Training;
using ScottPlot;

namespace Activa.Plots.Report;

/// <summary>
/// The figures of an HTML report as inline SVG: the same plots <c>activa plot</c> and <c>activa analyze</c> write as
/// files (training curves, learned activations, per-epoch curves), rendered to SVG markup instead.
/// </summary>
public static class ReportFigures
{
    /// <summary>Width of one panel of a multi-panel figure, in CSS pixels.</summary>
    public const int PanelWidth = 420;
    /// <summary>Height of one panel of a multi-panel figure, in CSS pixels.</summary>
    public const int PanelHeight = 320;
    /// <summary>Width of a single-panel figure, in CSS pixels.</summary>
    public const int Width = 760;
    /// <summary>Height of a single-panel figure, in CSS pixels.</summary>
    public const int Height = 420;

    /// <summary>The training curves of <c>activa plot RUN</c>: loss, accuracy (%) and learning rate per epoch, three panels.</summary>
    /// <exception cref="ArgumentException">An empty history.</exception>
    public static IReadOnlyList<SvgFigure> TrainingCurves(IReadOnlyList<EpochMetrics> history)
    {
        var panels = TrainingCurvesPlot.PanelPlots(history);
        // a constant learning rate would sit on an axis of [-1, 1] whose ticks cannot show it: centre the axis on it
        double[] rates = [.. history.Select(m => m.LearningRate).OfType<double>().Where(double.IsFinite)];
        if (rates.Length > 0 && rates.All(r => r == rates[0]) && rates[0] != 0)
            panels[2].Axes.SetLimitsY(rates[0] * 0.5, rates[0] * 1.5);
        foreach (var panel in panels) IntegerTicks(panel);
        return [.. panels.Select(p => Render(p, PanelWidth, PanelHeight))];
    }

    /// <summary>Lines through (x, y) points, one per series, with a legend.</summary>
    /// <exception cref="ArgumentException">Every series is empty, or a series has fewer ys than xs.</exception>
    public static SvgFigure Curves(IEnumerable<(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, string xLabel, string yLabel,
        string? title = null, int width = PanelWidth, int height = PanelHeight)
    {
        // non-finite points (a gAUC that is not defined, say) are left out: SVG cannot draw NaN
        var finite = series.Select(s =>
        {
            if (s.X.Count != s.Y.Count) throw new ArgumentException($"Figure series '{s.Label}' has {s.X.Count} x values and {s.Y.Count} y values.");
            int[] keep = [.. Enumerable.Range(0, s.X.Count).Where(i => double.IsFinite(s.X[i]) && double.IsFinite(s.Y[i]))];
            return (s.Label, (IReadOnlyList<double>)[.. keep.Select(i => s.X[i])], (IReadOnlyList<double>)[.. keep.Select(i => s.Y[i])]);
        }).ToList();
        var plot = CurvePlot.Build(finite, xLabel, yLabel);
        if (title != null) plot.Title(title, 13);
        if (finite.All(s => s.Item2.All(x => x == Math.Round(x)))) IntegerTicks(plot); // epochs, horizon steps
        return Render(plot, width, height);
    }

    /// <summary>The activation of every activation layer of a trained model (<c>activa plot RUN --activations</c>) on [xmin, xmax].</summary>
    /// <exception cref="ArgumentException">The model has no activation layer.</exception>
    public static SvgFigure ModelActivations(Module model, double xmin = -4, double xmax = 4, int maxSets = 4)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Render(LeaderboardPlot.ModelActivations(model, xmin, xmax, maxSets), Width, Height);
    }

    /// <summary>Ticks of the x axis at whole numbers only (no epoch 1.5).</summary>
    private static void IntegerTicks(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    private static SvgFigure Render(Plot plot, int width, int height)
    {
        if (ActivationPlot.SansFont.Value is { } font) plot.Font.Set(font);
        return new SvgFigure(plot.GetSvgHtml(width, height), width, height);
    }
}

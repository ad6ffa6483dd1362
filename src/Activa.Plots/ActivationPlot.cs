using System.Globalization;
using Activa.Activations;
using ScottPlot;

namespace Activa.Plots;

/// <summary>Image formats of <see cref="ActivationPlot"/>.</summary>
public enum PlotFormat
{
    /// <summary>Portable Network Graphics (raster).</summary>
    Png,
    /// <summary>Scalable Vector Graphics.</summary>
    Svg,
}

/// <summary>
/// Plots of activations: f (solid) and f' (dashed, same colour) of each activation over [xmin, xmax], with grid,
/// legend and axis labels, saved as PNG or SVG (chosen by the file extension). Values come from the activations'
/// own scalar paths (<see cref="IActivation.Value"/> and <see cref="IActivation.Derivative"/>), so a plot shows
/// what the library computes. Rendering is headless (Skia, no display needed).
/// </summary>
/// <example><code>
/// ActivationPlot.Save([Activation.Create("elu"), Activation.Create("elu(alpha=0.5)")], "elu.png");
/// </code></example>
public static class ActivationPlot
{
    /// <summary>Default width of <see cref="Save(IEnumerable{IActivation}, string, double, double, int, int)"/>, in pixels.</summary>
    public const int DefaultWidth = 800;
    /// <summary>Default height of <see cref="Save(IEnumerable{IActivation}, string, double, double, int, int)"/>, in pixels.</summary>
    public const int DefaultHeight = 500;
    /// <summary>Width of <see cref="SaveThumbnail"/> images, in pixels.</summary>
    public const int ThumbnailWidth = 320;
    /// <summary>Height of <see cref="SaveThumbnail"/> images, in pixels.</summary>
    public const int ThumbnailHeight = 200;
    /// <summary>Points sampled per curve (evenly spaced, both ends included).</summary>
    public const int Samples = 801;

    /// <summary>File extensions <see cref="Save(IEnumerable{IActivation}, string, double, double, int, int)"/> accepts.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".svg"];

    /// <summary>
    /// Draws f (solid) and f' (dashed) of every activation in <paramref name="activations"/> over
    /// [<paramref name="xmin"/>, <paramref name="xmax"/>] and saves the figure to <paramref name="path"/>
    /// (".png" or ".svg"; the folder is created if missing).
    /// </summary>
    /// <param name="activations">One or more activations, e.g. from <see cref="Activation.Create(string)"/>; the legend shows their specs.</param>
    /// <param name="path">Output file; its extension picks the format.</param>
    /// <param name="xmin">Left end of the x range.</param>
    /// <param name="xmax">Right end of the x range (greater than <paramref name="xmin"/>).</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <exception cref="ArgumentException">No activations, an extension other than .png/.svg, an empty or inverted
    /// range, or a non-positive size.</exception>
    public static void Save(IEnumerable<IActivation> activations, string path, double xmin = -5, double xmax = 5,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var list = activations.ToList();
        if (list.Count == 0) throw new ArgumentException("Nothing to plot: no activations given.", nameof(activations));
        if (list.Any(a => a is null)) throw new ArgumentException("The list of activations contains null.", nameof(activations));
        var format = FormatOf(path);
        CheckRange(xmin, xmax);
        CheckSize(width, height);

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < list.Count; i++)
        {
            var color = palette.GetColor(i);
            string label = list[i].Spec;
            AddCurve(plot, list[i], xmin, xmax, derivative: false, color, label, 2f);
            AddCurve(plot, list[i], xmin, xmax, derivative: true, color, label + "′", 1.5f);
        }
        plot.Axes.SetLimitsX(xmin, xmax);
        plot.XLabel("x");
        plot.YLabel("f(x) solid, f′(x) dashed");
        if (list.Count == 1) plot.Title(list[0].Spec);
        plot.ShowLegend(Alignment.UpperLeft);
        Write(plot, path, format, width, height);
    }

    /// <summary>Plots one activation; see <see cref="Save(IEnumerable{IActivation}, string, double, double, int, int)"/>.</summary>
    public static void Save(IActivation activation, string path, double xmin = -5, double xmax = 5,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Save([activation], path, xmin, xmax, width, height);
    }

    /// <summary>
    /// A small figure of one activation for the catalogue (<see cref="ThumbnailWidth"/> × <see cref="ThumbnailHeight"/>
    /// pixels): f solid, f' dashed, a compact legend ("f", "f′"), grid and tick labels, no axis titles.
    /// </summary>
    /// <exception cref="ArgumentException">An extension other than .png/.svg, or an empty or inverted range.</exception>
    public static void SaveThumbnail(IActivation activation, string path, double xmin = -5, double xmax = 5)
    {
        ArgumentNullException.ThrowIfNull(activation);
        var format = FormatOf(path);
        CheckRange(xmin, xmax);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        AddCurve(plot, activation, xmin, xmax, derivative: false, palette.GetColor(0), "f", 2f);
        AddCurve(plot, activation, xmin, xmax, derivative: true, palette.GetColor(1), "f′", 1.5f);
        plot.Axes.SetLimitsX(xmin, xmax);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Legend.FontSize = 10;
        Write(plot, path, format, ThumbnailWidth, ThumbnailHeight);
    }

    /// <summary>Image format of <paramref name="path"/> from its extension (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The extension is not .png or .svg.</exception>
    public static PlotFormat FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".png" => PlotFormat.Png,
            ".svg" => PlotFormat.Svg,
            _ => throw new ArgumentException(
                $"Cannot plot to '{path}': the file must end in .png or .svg{(ext.Length == 0 ? "" : $", not {ext}")}.", nameof(path)),
        };
    }

    /// <summary>
    /// Samples <paramref name="activation"/> at <see cref="Samples"/> evenly spaced points of [xmin, xmax]:
    /// (x, f(x), f'(x)) from the scalar path. Non-finite values are returned as NaN.
    /// </summary>
    public static (double[] X, double[] F, double[] D) Sample(IActivation activation, double xmin = -5, double xmax = 5, int samples = Samples)
    {
        ArgumentNullException.ThrowIfNull(activation);
        CheckRange(xmin, xmax);
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least 2 samples are needed.");
        var xs = new double[samples];
        var fs = new double[samples];
        var ds = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            float x = (float)(xmin + (xmax - xmin) * i / (samples - 1));
            xs[i] = x;
            fs[i] = Finite(activation.Value(x));
            ds[i] = Finite(activation.Derivative(x));
        }
        return (xs, fs, ds);
    }

    private static double Finite(float v) => float.IsFinite(v) ? v : double.NaN;

    private static void AddCurve(Plot plot, IActivation act, double xmin, double xmax, bool derivative, Color color, string label, float width)
    {
        var (xs, fs, ds) = Sample(act, xmin, xmax);
        var ys = derivative ? ds : fs;
        // One line per run of finite values: where f or f' is not finite the curve has a gap.
        bool labelled = false;
        for (int start = 0; start < xs.Length;)
        {
            while (start < xs.Length && !double.IsFinite(ys[start])) start++;
            int end = start;
            while (end < xs.Length && double.IsFinite(ys[end])) end++;
            if (end - start >= 2)
            {
                var line = plot.Add.ScatterLine(xs[start..end], ys[start..end], color);
                line.LineWidth = width;
                line.LinePattern = derivative ? LinePattern.Dashed : LinePattern.Solid;
                if (!labelled) line.LegendText = label;
                labelled = true;
            }
            start = end;
        }
    }

    private static void CheckRange(double xmin, double xmax)
    {
        if (!double.IsFinite(xmin) || !double.IsFinite(xmax) || !(xmin < xmax))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The x range must be finite with xmin < xmax, got [{xmin}, {xmax}]."));
    }

    private static void CheckSize(int width, int height)
    {
        if (width < 16 || height < 16 || width > 16384 || height > 16384)
            throw new ArgumentException($"Image size must be between 16 and 16384 pixels per side, got {width}×{height}.");
    }

    // A sans-serif family Skia can see; null when none of these is installed (then ScottPlot picks its default).
    internal static readonly Lazy<string?> SansFont = new(() =>
    {
        string[] preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica", "FreeSans"];
        var installed = SkiaSharp.SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return preferred.FirstOrDefault(installed.Contains);
    });

    internal static void Write(Plot plot, string path, PlotFormat format, int width, int height)
    {
        if (SansFont.Value is { } font) plot.Font.Set(font);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        if (format == PlotFormat.Svg) plot.SaveSvg(path, width, height);
        else plot.SavePng(path, width, height);
    }
}

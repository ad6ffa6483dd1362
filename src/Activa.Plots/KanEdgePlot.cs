using System.Globalization;
using Activa.Kan;
using Activa.Nn;
using ScottPlot;
using SkiaSharp;

namespace Activa.Plots;

/// <summary>
/// The edge functions φ_ij of a KAN (Liu et al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756), one small panel
/// per edge over its input's range, grouped per layer: the picture the KAN paper reads its networks from.
/// </summary>
/// <remarks>
/// A layer whose edges all fit (at most <c>maxEdges</c>, at most 12 inputs) is drawn as a matrix: row j holds the
/// edges into output j, column i those from input i. A larger layer shows its <c>maxEdges</c> most important edges,
/// ranked by mean |φ_ij(x)| over the input's range (the KAN paper's L1 edge score), most important first.
/// </remarks>
public static class KanEdgePlot
{
    private const int Samples = 60, HeaderHeight = 34, MatrixMaxInputs = 12, FlowColumns = 8;

    /// <summary>One edge as drawn: input, output, its range, sampled x and φ(x), and its score.</summary>
    public sealed record Edge(int Input, int Output, double Lo, double Hi, double[] X, double[] Phi, double Score);

    /// <summary>
    /// The range of every KAN layer's inputs when <paramref name="samples"/> run through <paramref name="model"/>
    /// (min and max per input; a constant input gets ±0.5 around its value): per layer, one (lo, hi) per input.
    /// </summary>
    public static (double Lo, double Hi)[][] InputRanges(Sequential model, Tensor samples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        var ranges = new List<(double, double)[]>();
        bool training = model.Training;
        model.Eval();
        using (Tensor.NoGrad())
        {
            var x = samples;
            foreach (var (_, layer) in model.NamedChildren())
            {
                if (layer is KanLayer kan)
                {
                    var v = x.Contiguous().ToArray();
                    var r = new (double Lo, double Hi)[kan.InFeatures];
                    for (int i = 0; i < r.Length; i++) r[i] = (double.PositiveInfinity, double.NegativeInfinity);
                    for (int e = 0; e < v.Length; e++)
                    {
                        ref var ri = ref r[e % kan.InFeatures];
                        if (float.IsFinite(v[e])) ri = (Math.Min(ri.Lo, v[e]), Math.Max(ri.Hi, v[e]));
                    }
                    for (int i = 0; i < r.Length; i++)
                        if (!(r[i].Hi - r[i].Lo > 1e-6)) r[i] = double.IsFinite(r[i].Lo) ? (r[i].Lo - 0.5, r[i].Lo + 0.5) : (-1, 1);
                    ranges.Add(r);
                }
                x = layer.Forward(x);
            }
        }
        model.Train(training);
        return [.. ranges];
    }

    /// <summary>Ranges without data: a B-spline layer's grid range per input (where the grid update put it), else [−1, 1].</summary>
    public static (double Lo, double Hi)[] DefaultRanges(KanLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return [.. Enumerable.Range(0, layer.InFeatures).Select(i =>
            layer.Basis is BSplineBasis spline ? ((double)spline.Range(i).Lo, (double)spline.Range(i).Hi) : (-1.0, 1.0))];
    }

    /// <summary>
    /// Every edge of <paramref name="layer"/> sampled at <paramref name="samples"/> points over its input's range
    /// (<paramref name="ranges"/>, one per input), with its score: the basis is evaluated once for all inputs (each input
    /// on its own x grid), then each edge is its coefficients times its input's features — what
    /// <see cref="KanLayer.EdgeFunction"/> gives, for all edges at once. Ordered by output, then input.
    /// </summary>
    public static List<Edge> Edges(KanLayer layer, (double Lo, double Hi)[] ranges, int samples = Samples)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(ranges);
        int inputs = layer.InFeatures;
        if (ranges.Length != inputs) throw new ArgumentException($"The layer has {inputs} inputs, got {ranges.Length} ranges.", nameof(ranges));
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "Edge plots need at least 2 samples.");
        var xs = new double[inputs][];
        var grid = new float[samples * inputs];
        for (int i = 0; i < inputs; i++)
        {
            var (lo, hi) = ranges[i];
            if (!double.IsFinite(lo) || !double.IsFinite(hi) || !(lo < hi))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Input {i} has an empty or non-finite range [{lo}, {hi}]."), nameof(ranges));
            xs[i] = new double[samples];
            for (int r = 0; r < samples; r++)
            {
                xs[i][r] = lo + (hi - lo) * r / (samples - 1);
                grid[r * inputs + i] = (float)xs[i][r];
            }
        }
        var edges = new List<Edge>(inputs * layer.OutFeatures);
        layer.VisitEdges(Tensor.FromArray(grid, samples, inputs), (i, j, phi) =>
        {
            double score = 0;
            foreach (double v in phi) score += Math.Abs(v);
            edges.Add(new Edge(i, j, ranges[i].Lo, ranges[i].Hi, xs[i], phi.ToArray(), score / samples));
        });
        return edges;
    }

    /// <summary>
    /// Draws every edge of <paramref name="layers"/> (at most <paramref name="maxEdges"/> per layer, the highest-scoring)
    /// into one PNG at <paramref name="path"/>, a titled section per layer. <paramref name="ranges"/> gives each layer's
    /// input ranges (null: <see cref="DefaultRanges"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No layers, a path that is not .png, or bad ranges or sizes.</exception>
    public static void Save(IReadOnlyList<KanLayer> layers, string path, IReadOnlyList<(double Lo, double Hi)[]>? ranges = null,
        int maxEdges = 64, int panelWidth = 190, int panelHeight = 140)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(path);
        if (layers.Count == 0) throw new ArgumentException("The model has no KAN layer: edge plots need a KAN run (activa train --model kan, activa kan fit).");
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"Edge plots are written as PNG; got '{path}'.");
        if (maxEdges < 1) throw new ArgumentException($"maxEdges must be at least 1, got {maxEdges}.");
        if (panelWidth < 60 || panelHeight < 50 || panelWidth > 2000 || panelHeight > 2000)
            throw new ArgumentException($"Panels must be between 60×50 and 2000×2000 pixels, got {panelWidth}×{panelHeight}.");
        if (ranges != null && ranges.Count != layers.Count) throw new ArgumentException($"Got ranges for {ranges.Count} layers, the model has {layers.Count}.");

        var sections = new List<(string Title, int Columns, List<(Edge Edge, int Row, int Column)> Cells)>();
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            var edges = Edges(layer, ranges?[l] ?? DefaultRanges(layer));
            string title = $"layer {l + 1}: {layer.InFeatures} → {layer.OutFeatures}, {layer.Basis.Spec}";
            if (edges.Count <= maxEdges && layer.InFeatures <= MatrixMaxInputs)
            {
                sections.Add(($"{title}: all {edges.Count} edges (row = output, column = input)", layer.InFeatures,
                    [.. edges.Select(e => (e, e.Output, e.Input))]));
                continue;
            }
            var top = edges.OrderByDescending(e => e.Score).ThenBy(e => e.Output).ThenBy(e => e.Input).Take(maxEdges).ToList();
            int columns = Math.Min(FlowColumns, top.Count);
            sections.Add(($"{title}: {(top.Count < edges.Count ? $"top {top.Count} of {edges.Count:N0}" : $"all {edges.Count}")} edges by mean |φ|", columns,
                [.. top.Select((e, k) => (e, k / columns, k % columns))]));
        }

        int width = Math.Max(640, sections.Max(s => s.Columns) * panelWidth);
        int height = sections.Sum(s => HeaderHeight + (s.Cells.Max(c => c.Row) + 1) * panelHeight);
        if ((long)width * height > 200_000_000) throw new ArgumentException($"The edge plot would be {width}×{height} pixels; lower maxEdges or the panel size.");
        var font = ActivationPlot.SansFont.Value;
        using var surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException($"Cannot allocate a {width}×{height} image.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = font != null ? SKTypeface.FromFamilyName(font) : SKTypeface.Default;
        using var headerFont = new SKFont(typeface, 16);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var panel = SKSurface.Create(new SKImageInfo(panelWidth, panelHeight)) ?? throw new InvalidOperationException("Cannot allocate a panel image.");
        int y = 0, layerIndex = -1;
        foreach (var (title, _, cells) in sections)
        {
            layerIndex++;
            canvas.DrawText(title, 8, y + 23, SKTextAlign.Left, headerFont, ink);
            y += HeaderHeight;
            foreach (var (edge, row, column) in cells)
            {
                var plot = new Plot();
                if (font != null) plot.Font.Set(font);
                var line = plot.Add.ScatterLine(edge.X, edge.Phi);
                line.LineWidth = 2;
                line.MarkerSize = 0;
                plot.Title($"{(layerIndex == 0 ? "x" : "h")}{edge.Input + 1} → {edge.Output + 1}", 11);
                plot.Axes.Bottom.TickLabelStyle.FontSize = 9;
                plot.Axes.Left.TickLabelStyle.FontSize = 9;
                Panels.Draw(canvas, panel, plot, column * panelWidth, y + row * panelHeight);
            }
            y += (cells.Max(c => c.Row) + 1) * panelHeight;
        }
        Panels.SavePng(surface, path);
    }
}

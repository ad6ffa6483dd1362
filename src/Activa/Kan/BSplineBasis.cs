using System.Globalization;

namespace Activa.Kan;

/// <summary>
/// B-splines of order k on G grid intervals per input, the basis of the original KAN (Liu et al., "KAN:
/// Kolmogorov–Arnold Networks", arXiv 2404.19756): b_m(x) = B_{m,k}(x) for m = 0..G+k−1 over the knots
/// t_0..t_{G+2k} of each input, the grid [t_k, t_{G+k}] = [lo, hi] extended by k knots on each side at the end
/// intervals' spacing. Evaluated by the Cox–de Boor recurrence, one input per SIMD lane with the SiLU base in the same
/// pass (<see cref="BSplineLanes"/>), tested against a scalar reference that evaluates only the k + 1 functions non-zero at x.
/// </summary>
/// <remarks>
/// Inputs outside the grid: x is clamped to [lo, hi] before evaluation, so the spline part continues as a constant
/// beyond the grid (its derivative there is 0) and the SiLU base branch carries the trend; no input gives NaN
/// unless it is NaN. Each input has its own knots (a buffer saved with the layer), so <see cref="FitGrid"/> can place
/// them at the percentiles of that input's data (the grid update of the KAN paper) and <see cref="Refine"/> builds a
/// finer grid over the same ranges (grid extension); <see cref="KanLayer.UpdateGrid"/> and
/// <see cref="KanLayer.ExtendGrid"/> refit the coefficients so the layer's function is kept.
/// </remarks>
public sealed class BSplineBasis : PointwiseKanBasis
{
    // The lane kernel's tables, built from the knots on first use and rebuilt when the knots change.
    private volatile BSplineLanes? _lanes;

    /// <summary>Knots per input [Inputs, G + 2k + 1].</summary>
    public Tensor Knots { get; }

    /// <summary>Grid intervals G.</summary>
    public int GridSize { get; }

    /// <summary>Spline order k (degree; 3 = cubic).</summary>
    public int Order { get; }

    /// <inheritdoc/>
    public override int Size => GridSize + Order;

    /// <inheritdoc/>
    public override string Spec => string.Create(CultureInfo.InvariantCulture, $"bspline(grid={GridSize}, order={Order})");

    /// <summary>A uniform grid of <paramref name="gridSize"/> intervals over [<paramref name="lo"/>, <paramref name="hi"/>] for every input.</summary>
    /// <exception cref="ArgumentException">G &lt; 1, k &lt; 0 or k &gt; 8, or lo ≥ hi.</exception>
    public BSplineBasis(int inputs, int gridSize = 5, int order = 3, float lo = -1f, float hi = 1f) : base(inputs)
    {
        KanBasisChecks.InRange("bspline", "grid", gridSize, 1, 1000, nameof(gridSize));
        KanBasisChecks.InRange("bspline", "order", order, 0, 8, nameof(order));
        KanBasisChecks.Interval("bspline", "the grid range", lo, hi);
        GridSize = gridSize;
        Order = order;
        var knots = new float[inputs * KnotCount];
        for (int i = 0; i < inputs; i++) Uniform(knots.AsSpan(i * KnotCount, KnotCount), lo, hi);
        Knots = RegisterBuffer("knots", Tensor.FromArray(knots, inputs, KnotCount));
    }

    private BSplineBasis(int inputs, int gridSize, int order, float[] knots) : base(inputs)
    {
        GridSize = gridSize;
        Order = order;
        Knots = RegisterBuffer("knots", Tensor.FromArray(knots, inputs, KnotCount));
    }

    private int KnotCount => GridSize + 2 * Order + 1;

    /// <summary>The narrowest grid interval <see cref="FitGrid"/> leaves, as a share of the uniform grid's interval.</summary>
    public const double MinimumSpacing = 0.25;

    /// <summary>The grid range [lo, hi] of input <paramref name="input"/>.</summary>
    public (float Lo, float Hi) Range(int input)
    {
        var t = Knots.AsSpan().Slice(input * KnotCount, KnotCount);
        return (t[Order], t[Order + GridSize]);
    }

    private void Uniform(Span<float> t, float lo, float hi)
    {
        double h = ((double)hi - lo) / GridSize;
        for (int m = 0; m < t.Length; m++) t[m] = (float)(lo + (m - Order) * h);
        t[Order] = lo;
        t[Order + GridSize] = hi;
    }

    /// <summary>
    /// A basis of the same size whose grid points are placed at the data: for each input, G + 1 points at equally
    /// spaced percentiles of <paramref name="samples"/> [n, Inputs] mixed with a uniform grid over the data range as
    /// (1 − eps)·percentile + eps·uniform (pykan's grid_eps), the range widened by <paramref name="margin"/> on each side,
    /// then extended by k knots at the end intervals' spacing. Where percentiles crowd together (an input that is nearly
    /// constant) the mix leans further toward uniform, just enough that no interval is narrower than
    /// <see cref="MinimumSpacing"/> of the uniform one.
    /// </summary>
    /// <exception cref="ArgumentException">Samples of the wrong shape, or a non-finite sample.</exception>
    public BSplineBasis FitGrid(Tensor samples, float eps = 0.02f, float margin = 0.01f)
    {
        if (samples.Rank != 2 || samples.Dims[1] != Inputs || samples.Dims[0] < 1)
            throw new ShapeMismatchException("bspline grid update", $"samples must be [n ≥ 1, {Inputs}], got {Shape.Format(samples.Shape)}");
        var s = samples.Contiguous().ToArray();
        int n = samples.Dims[0];
        var knots = new float[Inputs * KnotCount];
        var column = new float[n];
        Span<double> adaptive = stackalloc double[GridSize + 1];
        for (int i = 0; i < Inputs; i++)
        {
            for (int r = 0; r < n; r++)
            {
                column[r] = s[r * Inputs + i];
                if (!float.IsFinite(column[r])) throw new ArgumentException($"bspline grid update: sample {r} of input {i} is {column[r]}.", nameof(samples));
            }
            Array.Sort(column);
            double lo = column[0] - margin, hi = column[^1] + margin;
            if (hi - lo < 1e-4) { lo -= 0.5; hi += 0.5; }
            var t = knots.AsSpan(i * KnotCount, KnotCount);
            for (int g = 0; g <= GridSize; g++)
            {
                double q = (double)g / GridSize * (n - 1);
                int q0 = (int)Math.Floor(q);
                adaptive[g] = g == 0 ? lo : g == GridSize ? hi : column[q0] + (q - q0) * (column[Math.Min(q0 + 1, n - 1)] - column[q0]);
            }
            // Percentiles of repeated values collapse (a border pixel that is nearly always 0), and B-splines on a collapsed
            // interval are needle-thin: the refit then makes spiky edges. So the mix moves toward the uniform grid only as
            // far as needed for every interval to be at least a quarter of the uniform one: spacing(e) = (1 − e)·Δa + e·Δu.
            double du = (hi - lo) / GridSize, mix = eps;
            for (int g = 1; g <= GridSize; g++)
            {
                double da = adaptive[g] - adaptive[g - 1];
                if (da < MinimumSpacing * du) mix = Math.Max(mix, (MinimumSpacing * du - da) / (du - da));
            }
            for (int g = 0; g <= GridSize; g++) t[Order + g] = (float)((1 - mix) * adaptive[g] + mix * (lo + du * g));
            float left = t[Order + 1] - t[Order], right = t[Order + GridSize] - t[Order + GridSize - 1];
            for (int m = 1; m <= Order; m++)
            {
                t[Order - m] = t[Order] - m * left;
                t[Order + GridSize + m] = t[Order + GridSize] + m * right;
            }
        }
        return new BSplineBasis(Inputs, GridSize, Order, knots);
    }

    /// <summary>A uniform grid of <paramref name="gridSize"/> intervals over each input's current range (grid extension).</summary>
    public BSplineBasis Refine(int gridSize)
    {
        var fine = new BSplineBasis(Inputs, gridSize, Order);
        var t = fine.Knots.AsSpan();
        for (int i = 0; i < Inputs; i++)
        {
            var (lo, hi) = Range(i);
            fine.Uniform(t.Slice(i * fine.KnotCount, fine.KnotCount), lo, hi);
        }
        return fine;
    }

    /// <inheritdoc/>
    public override KanBasis Select(int[] inputs)
    {
        var src = Knots.AsSpan();
        var knots = new float[inputs.Length * KnotCount];
        for (int j = 0; j < inputs.Length; j++)
        {
            if ((uint)inputs[j] >= (uint)Inputs) throw new ArgumentOutOfRangeException(nameof(inputs), $"Input {inputs[j]} is not in [0, {Inputs}).");
            src.Slice(inputs[j] * KnotCount, KnotCount).CopyTo(knots.AsSpan(j * KnotCount));
        }
        return new BSplineBasis(inputs.Length, GridSize, Order, knots);
    }

    /// <inheritdoc/>
    protected override void Evaluate(ReadOnlySpan<float> x, Span<float> dest, int stride) => Lanes().Evaluate(x, dest, stride, false);

    /// <inheritdoc/>
    protected override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> paramGrad)
    {
        if (!gradX.IsEmpty) Lanes().Backward(x, grad, stride, false, gradX);
    }

    /// <inheritdoc/>
    protected override void EvaluateRows(ReadOnlySpan<float> x, Span<float> features, int stride, bool withBase) =>
        Lanes().Evaluate(x, features, stride, withBase);

    /// <inheritdoc/>
    protected override void BackwardRows(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, bool withBase, Span<float> gradX, Span<float> paramGrad)
    {
        if (!gradX.IsEmpty) Lanes().Backward(x, grad, stride, withBase, gradX);
    }

    /// <summary>The lane kernels' tables for the current knots (rebuilt when the knots changed: a grid update or a
    /// loaded checkpoint writes them in place).</summary>
    private BSplineLanes Lanes()
    {
        var lanes = _lanes;
        var knots = Knots.AsSpan();
        if (lanes == null || !knots.SequenceEqual(lanes.Source))
            _lanes = lanes = new BSplineLanes(knots, Inputs, GridSize, Order);
        return lanes;
    }

    /// <summary>
    /// The reference evaluation, the scalar Cox–de Boor recurrence on the k + 1 functions non-zero at each x (span found
    /// by bisection): what the lane kernel (<see cref="Evaluate"/>) is tested against. Same contract as Evaluate.
    /// </summary>
    internal void EvaluateReference(ReadOnlySpan<float> x, Span<float> dest, int stride)
    {
        int k = Order, size = Size;
        Span<float> scratch = stackalloc float[3 * (k + 1)];
        var knots = Knots.AsSpan();
        for (int e = 0; e < x.Length; e++)
        {
            var t = knots.Slice(e % Inputs * KnotCount, KnotCount);
            var d = dest.Slice(e * stride, size);
            d.Clear();
            if (float.IsNaN(x[e])) { d.Fill(float.NaN); continue; }
            float xc = Math.Clamp(x[e], t[k], t[k + GridSize]);
            int span = FindSpan(t, xc);
            var n = Cox(t, span, xc, k, scratch);
            n.CopyTo(d.Slice(span - k, k + 1));
        }
    }

    /// <summary>The reference backward (scalar, per element) that the lane kernel is tested against; adds to gradX.</summary>
    internal void BackwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX)
    {
        if (gradX.IsEmpty || Order == 0) return;
        int k = Order;
        Span<float> scratch = stackalloc float[3 * (k + 1)];
        var knots = Knots.AsSpan();
        for (int e = 0; e < x.Length; e++)
        {
            var t = knots.Slice(e % Inputs * KnotCount, KnotCount);
            float v = x[e];
            if (!(v >= t[k] && v <= t[k + GridSize])) continue; // clamped (or NaN): the spline part is flat here
            int span = FindSpan(t, v);
            var n = Cox(t, span, v, k - 1, scratch); // degree k−1 values of functions span−k+1..span
            var g = grad.Slice(e * stride);
            // B′_{f,k} = k·(B_{f,k−1}/(t_{f+k} − t_f) − B_{f+1,k−1}/(t_{f+k+1} − t_{f+1})), so
            // Σ_f g_f·B′_{f,k} = k·Σ_q B_{q,k−1}/(t_{q+k} − t_q)·(g_q − g_{q−1}) over the k functions q non-zero here.
            float sum = 0;
            for (int j = 0; j < k; j++)
            {
                int q = span - k + 1 + j;
                sum += k * n[j] / (t[q + k] - t[q]) * (g[q] - g[q - 1]);
            }
            gradX[e] += sum;
        }
    }

    /// <summary>The knot span m in [k, k + G − 1] with t_m ≤ x &lt; t_{m+1} (the last span for x = hi).</summary>
    private int FindSpan(ReadOnlySpan<float> t, float x)
    {
        int lo = Order, hi = Order + GridSize - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (t[mid] <= x) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>
    /// The degree-<paramref name="degree"/> B-splines non-zero on span m at x, functions m − degree .. m, in n[0..degree]:
    /// the first third of <paramref name="scratch"/> (three rows of k + 1: n and the recurrence's left and right terms), returned.
    /// </summary>
    private static ReadOnlySpan<float> Cox(ReadOnlySpan<float> t, int m, float x, int degree, Span<float> scratch)
    {
        int length = scratch.Length / 3;
        Span<float> n = scratch[..length], left = scratch.Slice(length, length), right = scratch.Slice(2 * length, length);
        n[0] = 1f;
        for (int j = 1; j <= degree; j++)
        {
            left[j] = x - t[m + 1 - j];
            right[j] = t[m + j] - x;
            float saved = 0f;
            for (int r = 0; r < j; r++)
            {
                float temp = n[r] / (right[r + 1] + left[j - r]);
                n[r] = saved + right[r + 1] * temp;
                saved = left[j - r] * temp;
            }
            n[j] = saved;
        }
        return n;
    }
}

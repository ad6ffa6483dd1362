using System.Runtime.CompilerServices;
using Activa.Kernels;

namespace Activa.Nn;

/// <summary>
/// Causal window linear layer, the historical-information extraction (HIE) of PGN (Jia et al., "PGN: The RNN's New
/// Successor is Effective for Long-Range Time Series Forecasting", NeurIPS 2024): for a sequence x [N, T, in],
/// hₜ = b + Σ_{j=1}^{w} W_j·x_{t−j}, with x_{t−j} = 0 before the start (zero padding) and the current step excluded.
/// With the window w = T − 1 every step sees all previous steps, as in PGN; it equals the paper's code (pad w zeros,
/// Conv1d of kernel w, drop the last output).
/// </summary>
/// <remarks>
/// <para>Computed with GEMMs: for T steps the layer is a fixed linear map from the flattened input [N, T·in] to the
/// flattened output [N, T·out], whose matrix K[(s, i), (t, o)] = W[o, i, t − s − 1] for 1 ≤ t − s ≤ w (zero
/// elsewhere) is a block Toeplitz, strictly lower triangular in time. Building K costs T²·in·out per call
/// (independent of N). The product runs as up to 8 GEMMs, one per block of output steps over the input steps before
/// it (about 56 % of the full square's N·T²·in·out; the useful half plus the diagonal blocks), at full GEMM speed,
/// where a convolution loop or a cumulative form over T steps of tiny products would not vectorise. The backward
/// is dx = g·Kᵀ and dK = xᵀ·g over the same blocks, with dW gathered from dK's diagonals.</para>
/// <para>Weight [out, in, w]: entry [o, i, j − 1] multiplies x_{t−j} (lag j). Initialised as PyTorch's Conv1d:
/// U(±1/√(in·w)) for weight and bias.</para>
/// </remarks>
public sealed class CausalWindowLinear : Module
{
    /// <summary>Weight [out, in, window]; [o, i, j − 1] is the coefficient of lag j.</summary>
    public Tensor Weight { get; }
    /// <summary>Bias [out].</summary>
    public Tensor Bias { get; }
    /// <summary>Input features per step.</summary>
    public int InFeatures { get; }
    /// <summary>Output features per step.</summary>
    public int OutFeatures { get; }
    /// <summary>Number of previous steps each output sees (w).</summary>
    public int Window { get; }

    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentException">A size below 1.</exception>
    public CausalWindowLinear(int inFeatures, int outFeatures, int window, Generator? generator = null)
    {
        if (inFeatures < 1) throw new ArgumentException($"CausalWindowLinear: inFeatures must be at least 1, got {inFeatures}.", nameof(inFeatures));
        if (outFeatures < 1) throw new ArgumentException($"CausalWindowLinear: outFeatures must be at least 1, got {outFeatures}.", nameof(outFeatures));
        if (window < 1) throw new ArgumentException($"CausalWindowLinear: window must be at least 1, got {window}.", nameof(window));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Window = window;
        float bound = 1f / MathF.Sqrt(inFeatures * (float)window);
        Weight = RegisterParameter("weight", Tensor.Uniform([outFeatures, inFeatures, window], -bound, bound, generator));
        Bias = RegisterParameter("bias", Tensor.Uniform([outFeatures], -bound, bound, generator));
    }

    /// <summary>Applies the layer to <paramref name="input"/> [N, T, in] → [N, T, out].</summary>
    protected override Tensor ForwardCore(Tensor input) => Apply(input, Weight, Bias);

    /// <summary>The causal window linear map with explicit parameters: weight [out, in, w], bias [out].</summary>
    public static unsafe Tensor Apply(Tensor input, Tensor weight, Tensor bias)
    {
        if (weight.Rank != 3) throw new ShapeMismatchException("causal_window_linear", $"weight must be [out, in, window], got {Shape.Format(weight.Shape)}");
        int dout = weight.Size(0), din = weight.Size(1), window = weight.Size(2);
        if (input.Rank != 3 || input.Size(2) != din)
            throw new ShapeMismatchException("causal_window_linear", $"input must be [N, T, {din}], got {Shape.Format(input.Shape)}");
        if (bias.Rank != 1 || bias.Size(0) != dout)
            throw new ShapeMismatchException("causal_window_linear", $"bias must be [{dout}], got {Shape.Format(bias.Shape)}");
        int n = input.Size(0), steps = input.Size(1);
        int rowsK = steps * din, colsK = steps * dout;
        var x = input.Contiguous();
        var w = weight.Contiguous();
        var b = bias.Contiguous();
        var k = BuildToeplitz(w, steps, din, dout, window);
        var y = Tensor.Empty([n, steps, dout]);
        for (int r = 0; r < n * steps; r++) b.Storage.AsSpan(b.Offset, dout).CopyTo(y.Storage.AsSpan(r * dout, dout));
        int bs = BlockSteps(steps);
        if (n > 0)
            fixed (float* px = x.Storage, pk = k, py = y.Storage)
                for (int t0 = 0; t0 < steps; t0 += bs)
                {
                    // outputs [t0, t1) read inputs [max(0, t0 − w), t1 − 1)
                    int t1 = Math.Min(steps, t0 + bs), s0 = Math.Max(0, t0 - window), depth = (t1 - 1 - s0) * din;
                    if (depth > 0)
                        Gemm.Sgemm(false, false, n, (t1 - t0) * dout, depth, 1f, px + x.Offset + s0 * din, rowsK,
                            pk + (long)s0 * din * colsK + t0 * dout, colsK, 1f, py + t0 * dout, colsK);
                }
        var result = Tensor.Record(y, "causal_window_linear", [input, weight, bias], g =>
        {
            var gc = g.Contiguous();
            Tensor? gx = null, gw = null, gb = null;
            fixed (float* pg = gc.Storage, px = x.Storage, pk = k)
            {
                // per block of input steps [s0, s1): the outputs (s0, min(T − 1, s1 − 1 + w)] that read them
                if (input.RequiresGrad)
                {
                    gx = Tensor.Zeros(input.Dims);
                    fixed (float* pgx = gx.Storage)
                        for (int s0 = 0; s0 < steps; s0 += bs)
                        {
                            int s1 = Math.Min(steps, s0 + bs), c0 = (s0 + 1) * dout, c1 = (Math.Min(steps - 1, s1 - 1 + window) + 1) * dout;
                            if (c1 > c0)
                                Gemm.Sgemm(false, true, n, (s1 - s0) * din, c1 - c0, 1f, pg + gc.Offset + c0, colsK,
                                    pk + (long)s0 * din * colsK + c0, colsK, 0f, pgx + s0 * din, rowsK);
                        }
                }
                if (weight.RequiresGrad)
                {
                    var dk = StoragePool.Rent(rowsK * colsK); // only the band that FoldToeplitz reads is written
                    fixed (float* pdk = dk)
                        for (int s0 = 0; s0 < steps; s0 += bs)
                        {
                            int s1 = Math.Min(steps, s0 + bs), c0 = (s0 + 1) * dout, c1 = (Math.Min(steps - 1, s1 - 1 + window) + 1) * dout;
                            if (c1 > c0 && n > 0)
                                Gemm.Sgemm(true, false, (s1 - s0) * din, c1 - c0, n, 1f, px + x.Offset + s0 * din, rowsK,
                                    pg + gc.Offset + c0, colsK, 0f, pdk + (long)s0 * din * colsK + c0, colsK);
                        }
                    gw = Tensor.Zeros(weight.Dims);
                    if (n > 0) FoldToeplitz(dk, gw.Storage, steps, din, dout, window);
                    StoragePool.Return(dk);
                }
            }
            if (bias.RequiresGrad) gb = gc.Reshape(n * steps, dout).Sum(0);
            return [gx, gw, gb];
        }, readsOutput: false, onRelease: () => StoragePool.Return(k));
        if (!result.RequiresGrad) StoragePool.Return(k); // nothing recorded: K is free again (inference reuses it)
        return result;
    }

    /// <summary>
    /// Steps per block of the blocked products: the map is lower triangular in time, so output block b needs only the
    /// input steps before its end. With 8 blocks the products do 56 % of the full square's work instead of 100 %.
    /// </summary>
    private static int BlockSteps(int steps) => Math.Max(8, (steps + 7) / 8);

    /// <summary>
    /// The layer's matrix for <paramref name="steps"/> steps as a tensor [T·in, T·out] that autograd sees (its gradient
    /// folds back onto the weight's lags): y_flat = x_flat·K + bias, with x_flat [N, T·in] and y_flat [N, T·out].
    /// For layers that compose the HIE with a following linear map (<see cref="PgnLayer"/> on short sequences).
    /// </summary>
    internal static Tensor Toeplitz(Tensor weight, int steps)
    {
        if (weight.Rank != 3) throw new ShapeMismatchException("causal_window_toeplitz", $"weight must be [out, in, window], got {Shape.Format(weight.Shape)}");
        if (steps < 1) throw new ArgumentException($"CausalWindowLinear.Toeplitz: steps must be at least 1, got {steps}.", nameof(steps));
        int dout = weight.Size(0), din = weight.Size(1), window = weight.Size(2);
        var w = weight.Contiguous();
        var k = Tensor.Empty([steps * din, steps * dout]);
        FillToeplitz(w, k.Storage, steps, din, dout, window);
        return Tensor.Record(k, "causal_window_toeplitz", [weight], g =>
        {
            var gw = Tensor.Zeros(weight.Dims);
            var gc = g.Contiguous();
            var dk = gc.Offset == 0 ? gc.Storage : gc.Storage.AsSpan(gc.Offset, gc.Numel).ToArray();
            FoldToeplitz(dk, gw.Storage, steps, din, dout, window);
            return [gw];
        }, readsOutput: false);
    }

    /// <summary>K[(s, i), (t, o)] = W[o, i, t − s − 1] for 1 ≤ t − s ≤ window, zero elsewhere (a pooled buffer: it is megabytes for long inputs).</summary>
    private static float[] BuildToeplitz(Tensor w, int steps, int din, int dout, int window)
    {
        var k = StoragePool.Rent(steps * din * steps * dout);
        FillToeplitz(w, k, steps, din, dout, window);
        return k;
    }

    /// <summary>Writes K (see <see cref="BuildToeplitz"/>) into the first T·in·T·out elements of <paramref name="k"/>, zeros included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillToeplitz(Tensor w, float[] k, int steps, int din, int dout, int window)
    {
        int colsK = steps * dout;
        Array.Clear(k, 0, steps * din * colsK);
        var ws = w.Storage;
        int wo = w.Offset;
        for (int s = 0; s < steps; s++)
            for (int i = 0; i < din; i++)
            {
                int row = (s * din + i) * colsK;
                int last = Math.Min(steps - 1, s + window);
                for (int t = s + 1; t <= last; t++)
                {
                    int lag = t - s - 1, col = row + t * dout;
                    for (int o = 0; o < dout; o++) k[col + o] = ws[wo + (o * din + i) * window + lag];
                }
            }
    }

    /// <summary>dW[o, i, lag] = Σ over the diagonal t − s − 1 = lag of dK[(s, i), (t, o)].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FoldToeplitz(float[] dk, float[] dw, int steps, int din, int dout, int window)
    {
        int colsK = steps * dout;
        for (int s = 0; s < steps; s++)
            for (int i = 0; i < din; i++)
            {
                int row = (s * din + i) * colsK;
                int last = Math.Min(steps - 1, s + window);
                for (int t = s + 1; t <= last; t++)
                {
                    int lag = t - s - 1, col = row + t * dout;
                    for (int o = 0; o < dout; o++) dw[(o * din + i) * window + lag] += dk[col + o];
                }
            }
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"in={InFeatures}, out={OutFeatures}, window={Window}";
}

namespace Activa.Nn;

/// <summary>
/// Moving average along the last axis with edge replication, the trend extractor of DLinear's series decomposition
/// (Zeng et al., "Are Transformers Effective for Time Series Forecasting?", AAAI 2023):
/// trend[t] = (1/k)·Σ_{j=−p₁}^{p₂} x[clamp(t + j, 0, L − 1)], p₁ = ⌊(k − 1)/2⌋, p₂ = k − 1 − p₁, so the output keeps
/// the input's length L (for the usual odd k, p₁ = p₂: the series is padded by repeating its first and last values).
/// </summary>
/// <remarks>
/// One recorded op with a hand-written backward, both O(L) per row (running window sums) rather than a [L, L]
/// averaging matrix: the window is a box, so a sum slides in one add and one subtract. The backward is the
/// transpose: the gradient of the padded series is a running window sum of the output gradient, folded back onto the
/// replicated edge values.
/// </remarks>
public sealed class MovingAverage : Module
{
    /// <summary>Window length k.</summary>
    public int Kernel { get; }

    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentException"><paramref name="kernel"/> is below 1.</exception>
    public MovingAverage(int kernel)
    {
        if (kernel < 1) throw new ArgumentException($"MovingAverage: kernel must be at least 1, got {kernel}.", nameof(kernel));
        Kernel = kernel;
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Apply(input, Kernel);

    /// <summary>The moving average of <paramref name="input"/> [..., L] along its last axis.</summary>
    public static Tensor Apply(Tensor input, int kernel)
    {
        if (kernel < 1) throw new ArgumentException($"MovingAverage: kernel must be at least 1, got {kernel}.", nameof(kernel));
        if (input.Rank < 1 || input.Size(-1) < 1)
            throw new ShapeMismatchException("moving_average", $"needs a non-empty last (time) axis, got {Shape.Format(input.Shape)}");
        var x = input.Contiguous();
        int len = x.Size(-1), rows = x.Numel / len;
        int front = (kernel - 1) / 2;
        var y = Tensor.Empty(x.Shape);
        float inv = 1f / kernel;
        var padded = new float[len + kernel - 1];
        for (int r = 0; r < rows; r++)
        {
            var src = x.Storage.AsSpan(x.Offset + r * len, len);
            for (int i = 0; i < padded.Length; i++) padded[i] = src[Math.Clamp(i - front, 0, len - 1)];
            double sum = 0;
            for (int i = 0; i < kernel - 1; i++) sum += padded[i];
            var dst = y.Storage.AsSpan(r * len, len);
            for (int t = 0; t < len; t++)
            {
                sum += padded[t + kernel - 1];
                dst[t] = (float)(sum * inv);
                sum -= padded[t];
            }
        }
        return Tensor.Record(y, "moving_average", [input], g =>
        {
            var gc = g.Contiguous();
            var gx = Tensor.Zeros(input.Dims);
            var gp = new float[len + kernel - 1];
            for (int r = 0; r < rows; r++)
            {
                var go = gc.Storage.AsSpan(gc.Offset + r * len, len);
                // padded position i receives g[t]/k from every output t with t ≤ i ≤ t + k − 1
                double sum = 0;
                for (int i = 0; i < gp.Length; i++)
                {
                    if (i < len) sum += go[i];
                    if (i - kernel >= 0) sum -= go[i - kernel];
                    gp[i] = (float)(sum * inv);
                }
                var dx = gx.Storage.AsSpan(r * len, len);
                for (int i = 0; i < gp.Length; i++) dx[Math.Clamp(i - front, 0, len - 1)] += gp[i];
            }
            return [gx];
        }, readsOutput: false);
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"kernel={Kernel}";
}

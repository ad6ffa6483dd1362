namespace Activa.Kan;

/// <summary>
/// The ReLU-KAN basis (Qiu et al., "ReLU-KAN: New Kolmogorov-Arnold Networks that Only Need Matrix Addition, Dot
/// Multiplication, and ReLU", arXiv 2406.02075, 2024): R_i(x) = [ReLU(e_i − x)·ReLU(x − s_i)]²·16/(e_i − s_i)⁴ for
/// i = 0..G+k−1, a smooth bump on [s_i, e_i] with peak 1 at its centre, on the grid of <see cref="IntervalKanBasis"/>.
/// </summary>
/// <remarks>
/// <para>The default grid is [lo, hi] = [−1, 1] like the other bases here (the paper's code uses [0, 1]). With
/// train=true the bounds s and e of every input and function are learned, as in the paper's code; the normalisation
/// 16/(e − s)⁴ then follows the current bounds (each bump keeps peak 1), where the paper's code keeps the factor of the
/// initial grid. Inside (s, e), with a = e − x, b = x − s, w = e − s: ∂R/∂x = 32ab(a − b)/w⁴,
/// ∂R/∂s = 32a²b(2b − w)/w⁵, ∂R/∂e = 32ab²(w − 2a)/w⁵; outside, R and its derivatives are 0.</para>
/// <para>Any input outside the support of all bumps, ±1e30 and ±∞ included, gives 0 (the functions are evaluated only
/// where s &lt; x &lt; e). NaN gives NaN. Layers on this basis have no SiLU base branch by default (ReLU-KAN has none).</para>
/// </remarks>
public sealed class ReluKanBasis : IntervalKanBasis
{
    /// <summary>G + k bumps per input on G intervals over [<paramref name="lo"/>, <paramref name="hi"/>].</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="gridSize">Grid intervals G.</param>
    /// <param name="order">k: each bump spans k + 1 intervals.</param>
    /// <param name="lo">Start of the grid.</param>
    /// <param name="hi">End of the grid.</param>
    /// <param name="trainable">Whether s and e are learned.</param>
    /// <exception cref="ArgumentException">G outside [1, 1000], k outside [0, 16], or not finite lo &lt; hi.</exception>
    public ReluKanBasis(int inputs, int gridSize = 5, int order = 3, float lo = -1f, float hi = 1f, bool trainable = false)
        : base("relu-kan", inputs, gridSize, order, lo, hi, trainable) { }

    private ReluKanBasis(int inputs, ReluKanBasis like, float[] start, float[] end)
        : base("relu-kan", inputs, like.GridSize, like.Order, like.Lo, like.Hi, like.Trainable, start, end) { }

    /// <inheritdoc/>
    public override string Spec => $"relu-kan({GridSpec}, train={(Trainable ? "true" : "false")})";

    /// <inheritdoc/>
    public override bool DefaultBaseBranch => false;

    /// <inheritdoc/>
    public override KanBasis Select(int[] inputs)
    {
        var (s, e) = SelectBounds(inputs);
        return new ReluKanBasis(inputs.Length, this, s, e);
    }

    /// <inheritdoc/>
    protected override void Evaluate(ReadOnlySpan<float> x, Span<float> dest, int stride)
    {
        int k = Size;
        var start = Start.AsSpan();
        var end = End.AsSpan();
        for (int n = 0; n < x.Length; n++)
        {
            int row = n % Inputs * k;
            var d = dest.Slice(n * stride, k);
            float v = x[n];
            if (float.IsNaN(v)) { d.Fill(float.NaN); continue; }
            for (int i = 0; i < k; i++)
            {
                float s = start[row + i], e = end[row + i];
                if (!(s < v && v < e)) { d[i] = 0f; continue; }
                float a = e - v, b = v - s, w = e - s, ab = a * b / (w * w);
                d[i] = 16f * ab * ab;
            }
        }
    }

    /// <inheritdoc/>
    protected override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> paramGrad)
    {
        int k = Size, all = Inputs * k;
        bool wantX = !gradX.IsEmpty, wantBounds = !paramGrad.IsEmpty;
        var start = Start.AsSpan();
        var end = End.AsSpan();
        for (int n = 0; n < x.Length; n++)
        {
            int row = n % Inputs * k;
            var g = grad.Slice(n * stride, k);
            float v = x[n], sum = 0f;
            for (int i = 0; i < k; i++)
            {
                float s = start[row + i], e = end[row + i];
                if (!(s < v && v < e)) continue;
                float a = e - v, b = v - s, w = e - s, w4 = w * w * w * w, c = 32f * g[i] * a * b / w4;
                sum += c * (a - b);
                if (wantBounds)
                {
                    paramGrad[row + i] += c * a * (2f * b - w) / w;
                    paramGrad[all + row + i] += c * b * (w - 2f * a) / w;
                }
            }
            if (wantX) gradX[n] += sum;
        }
    }
}

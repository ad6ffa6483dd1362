namespace Activa.Kan;

/// <summary>
/// Gaussian radial basis functions, the basis of FastKAN (Li, "Kolmogorov-Arnold Networks are Radial Basis Function
/// Networks", arXiv 2405.06721, 2024): b_i(x) = exp(−((x − c_i)/h)²) for G centres c_i = lo + i·h, i = 0..G−1, spread
/// uniformly over [lo, hi] with h = (hi − lo)/(G − 1) — the Gaussian approximation of a cubic B-spline on that grid.
/// </summary>
/// <remarks>
/// The centres are fixed and the same for every input (no parameters, no per-input state). d/dx b_i = −2(x − c_i)/h²·b_i.
/// Far from the centres every function is 0: ±1e30 and ±∞ give 0 with derivative 0, so the SiLU base branch (on by
/// default, as in FastKAN) carries the trend there. NaN gives NaN.
/// </remarks>
public sealed class RbfBasis : PointwiseKanBasis
{
    /// <summary>Number of centres G (the "grid" option).</summary>
    public int Centres { get; }

    /// <summary>First centre.</summary>
    public float Lo { get; }

    /// <summary>Last centre.</summary>
    public float Hi { get; }

    /// <summary>Width h = (hi − lo)/(G − 1), the spacing of the centres.</summary>
    public float Width { get; }

    /// <inheritdoc/>
    public override int Size => Centres;

    /// <inheritdoc/>
    public override string Spec => $"rbf(grid={Centres}, lo={KanBasisChecks.Format(Lo)}, hi={KanBasisChecks.Format(Hi)})";

    /// <summary><paramref name="centres"/> Gaussians centred uniformly over [<paramref name="lo"/>, <paramref name="hi"/>] for <paramref name="inputs"/> inputs.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 or more than 1000 centres, or not finite lo &lt; hi.</exception>
    public RbfBasis(int inputs, int centres = 8, float lo = -2f, float hi = 2f) : base(inputs)
    {
        KanBasisChecks.InRange("rbf", "grid (centres)", centres, 2, 1000, nameof(centres));
        KanBasisChecks.Interval("rbf", "the centres' range", lo, hi);
        Centres = centres;
        Lo = lo;
        Hi = hi;
        Width = (float)(((double)hi - lo) / (centres - 1));
    }

    /// <summary>Centre c_i.</summary>
    public float Centre(int i) => (float)(Lo + (double)i * ((double)Hi - Lo) / (Centres - 1));

    /// <summary>Every centre c_0..c_{n−1} into <paramref name="c"/>, returned.</summary>
    private Span<float> CentresInto(Span<float> c)
    {
        for (int i = 0; i < c.Length; i++) c[i] = Centre(i);
        return c;
    }

    /// <inheritdoc/>
    public override KanBasis Select(int[] inputs) => new RbfBasis(KanBasisChecks.Selection(inputs, Inputs), Centres, Lo, Hi);

    /// <inheritdoc/>
    protected override void Evaluate(ReadOnlySpan<float> x, Span<float> dest, int stride)
    {
        int n = Centres;
        var c = CentresInto(stackalloc float[n]);
        float inv = 1f / Width;
        for (int e = 0; e < x.Length; e++)
        {
            var b = dest.Slice(e * stride, n);
            for (int i = 0; i < n; i++)
            {
                float u = (x[e] - c[i]) * inv;
                b[i] = MathF.Exp(-u * u);
            }
        }
    }

    /// <inheritdoc/>
    protected override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> paramGrad)
    {
        if (gradX.IsEmpty) return;
        int n = Centres;
        var c = CentresInto(stackalloc float[n]);
        float inv = 1f / Width;
        for (int e = 0; e < x.Length; e++)
        {
            var g = grad.Slice(e * stride, n);
            float sum = 0f;
            for (int i = 0; i < n; i++)
            {
                float u = (x[e] - c[i]) * inv;
                float b = MathF.Exp(-u * u);
                // Where the Gaussian has underflowed to 0 its derivative is 0 too (u·0 would be NaN at x = ±∞).
                if (b != 0f) sum += g[i] * -2f * u * inv * b;
            }
            gradX[e] += sum;
        }
    }
}

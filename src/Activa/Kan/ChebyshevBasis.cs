using System.Globalization;

namespace Activa.Kan;

/// <summary>
/// Chebyshev polynomials of the squashed input, the basis of ChebyKAN (SynodicMonth, "ChebyKAN: Kolmogorov–Arnold
/// Networks with Chebyshev polynomials", 2024; following Liu et al., arXiv 2404.19756): x̃ = tanh(x), then
/// b_k(x) = T_k(x̃) for k = 0..d, by the recurrence T_0 = 1, T_1 = x̃, T_{k+1} = 2x̃·T_k − T_{k−1}.
/// </summary>
/// <remarks>
/// <para>The derivative goes through tanh: d/dx T_k(x̃) = (1 − x̃²)·T_k′(x̃), with T_k′ from the differentiated
/// recurrence T_{k+1}′ = 2T_k + 2x̃·T_k′ − T_{k−1}′. No parameters and no per-input state.</para>
/// <para>Any input gives finite values: tanh maps ±∞ (and ±1e30) to ±1, where T_k(±1) = (±1)^k and the derivative is 0.
/// NaN gives NaN. Layers on this basis have no SiLU base branch by default (ChebyKAN has none).</para>
/// </remarks>
public sealed class ChebyshevBasis : PointwiseKanBasis
{
    /// <summary>Highest polynomial degree d.</summary>
    public int Degree { get; }

    /// <inheritdoc/>
    public override int Size => Degree + 1;

    /// <inheritdoc/>
    public override string Spec => string.Create(CultureInfo.InvariantCulture, $"chebyshev(degree={Degree})");

    /// <inheritdoc/>
    public override bool DefaultBaseBranch => false;

    /// <summary>T_0..T_<paramref name="degree"/> of tanh(x) for <paramref name="inputs"/> inputs.</summary>
    /// <exception cref="ArgumentException">A degree outside [1, 64].</exception>
    public ChebyshevBasis(int inputs, int degree = 4) : base(inputs)
    {
        KanBasisChecks.InRange("chebyshev", "degree", degree, 1, 64, nameof(degree));
        Degree = degree;
    }

    /// <inheritdoc/>
    public override KanBasis Select(int[] inputs) => new ChebyshevBasis(KanBasisChecks.Selection(inputs, Inputs), Degree);

    /// <inheritdoc/>
    protected override void Evaluate(ReadOnlySpan<float> x, Span<float> dest, int stride)
    {
        int d = Degree;
        for (int e = 0; e < x.Length; e++)
        {
            var b = dest.Slice(e * stride, d + 1);
            float t = MathF.Tanh(x[e]);
            float previous = 1f, current = t;
            b[0] = 1f;
            b[1] = t;
            for (int k = 2; k <= d; k++)
            {
                float next = 2f * t * current - previous;
                b[k] = next;
                previous = current;
                current = next;
            }
            if (float.IsNaN(t)) b[0] = float.NaN;
        }
    }

    /// <inheritdoc/>
    protected override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> paramGrad)
    {
        if (gradX.IsEmpty) return;
        int d = Degree;
        for (int e = 0; e < x.Length; e++)
        {
            var g = grad.Slice(e * stride, d + 1);
            float t = MathF.Tanh(x[e]);
            // T_k and T_k′ side by side: T_0′ = 0, T_1′ = 1.
            float tPrev = 1f, tCur = t, dPrev = 0f, dCur = 1f;
            float sum = g[1];
            for (int k = 2; k <= d; k++)
            {
                float tNext = 2f * t * tCur - tPrev;
                float dNext = 2f * tCur + 2f * t * dCur - dPrev;
                sum += g[k] * dNext;
                tPrev = tCur;
                tCur = tNext;
                dPrev = dCur;
                dCur = dNext;
            }
            gradX[e] += (1f - t * t) * sum;
        }
    }
}

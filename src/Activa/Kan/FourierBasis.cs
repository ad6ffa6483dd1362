using System.Globalization;

namespace Activa.Kan;

/// <summary>
/// A truncated Fourier series per input, the basis of FourierKAN (GistNoesis, "FourierKAN", 2024; following Liu et
/// al., arXiv 2404.19756): the 2K features cos(x), cos(2x), …, cos(Kx), then sin(x), sin(2x), …, sin(Kx).
/// Every function has period 2π in x, so an edge function is 2π-periodic: inputs should be scaled to span well under
/// one period (the [−1, 1] of standardised data spans a third of it).
/// </summary>
/// <remarks>
/// <para>cos x and sin x are computed once per element and the higher harmonics by the angle-addition rotation
/// (cos, sin)((k+1)x) = (cos kx·cos x − sin kx·sin x, sin kx·cos x + cos kx·sin x); the derivative is
/// d/dx cos kx = −k·sin kx, d/dx sin kx = k·cos kx. No parameters and no per-input state (the constant term is the
/// layer's bias).</para>
/// <para>Inputs: sin and cos of a huge finite x (1e30) are finite but meaningless (float cannot locate x within a
/// period); ±∞ has no sine, so an infinite input gives all-zero features and a zero derivative. NaN gives NaN. Layers on
/// this basis have no SiLU base branch by default (FourierKAN has none).</para>
/// </remarks>
public sealed class FourierBasis : PointwiseKanBasis
{
    /// <summary>Highest frequency K (the "grid" option).</summary>
    public int Frequencies { get; }

    /// <inheritdoc/>
    public override int Size => 2 * Frequencies;

    /// <inheritdoc/>
    public override string Spec => string.Create(CultureInfo.InvariantCulture, $"fourier(grid={Frequencies})");

    /// <inheritdoc/>
    public override bool DefaultBaseBranch => false;

    /// <summary>cos(kx), sin(kx) for k = 1..<paramref name="frequencies"/> for <paramref name="inputs"/> inputs.</summary>
    /// <exception cref="ArgumentException">A frequency count outside [1, 256].</exception>
    public FourierBasis(int inputs, int frequencies = 5) : base(inputs)
    {
        KanBasisChecks.InRange("fourier", "grid (frequencies)", frequencies, 1, 256, nameof(frequencies));
        Frequencies = frequencies;
    }

    /// <inheritdoc/>
    public override KanBasis Select(int[] inputs) => new FourierBasis(KanBasisChecks.Selection(inputs, Inputs), Frequencies);

    /// <inheritdoc/>
    protected override void Evaluate(ReadOnlySpan<float> x, Span<float> dest, int stride)
    {
        int n = Frequencies;
        for (int e = 0; e < x.Length; e++)
        {
            var cos = dest.Slice(e * stride, n);
            var sin = dest.Slice(e * stride + n, n);
            if (float.IsInfinity(x[e]))
            {
                cos.Clear();
                sin.Clear();
                continue;
            }
            float c1 = MathF.Cos(x[e]), s1 = MathF.Sin(x[e]), c = c1, s = s1;
            for (int k = 0; k < n; k++)
            {
                cos[k] = c;
                sin[k] = s;
                (c, s) = (c * c1 - s * s1, s * c1 + c * s1);
            }
        }
    }

    /// <inheritdoc/>
    protected override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> paramGrad)
    {
        if (gradX.IsEmpty) return;
        int n = Frequencies;
        for (int e = 0; e < x.Length; e++)
        {
            if (float.IsInfinity(x[e])) continue;
            var gCos = grad.Slice(e * stride, n);
            var gSin = grad.Slice(e * stride + n, n);
            float c1 = MathF.Cos(x[e]), s1 = MathF.Sin(x[e]), c = c1, s = s1, sum = 0f;
            for (int k = 0; k < n; k++)
            {
                sum += (k + 1) * (gSin[k] * c - gCos[k] * s);
                (c, s) = (c * c1 - s * s1, s * c1 + c * s1);
            }
            gradX[e] += sum;
        }
    }
}

using System.Runtime.CompilerServices;
namespace Activa.Activations.Learnable;

/// <summary>
/// Elementary functions for the learnable-activation kernels that <see cref="Kernels.VectorMath"/> lacks (sin, cos,
/// arctan) plus stable compositions (sigmoid, log1p on [0, 1], softplus), each written once over
/// <see cref="IFloatLanes{TV}"/>: the scalar and the vector paths execute the same operations and give the same bits.
/// </summary>
/// <remarks>
/// <para>sin/cos: Cody–Waite reduction x = k·π/2 + r with π/2 split into three floats and fused multiply-adds,
/// then Taylor polynomials on |r| ≤ π/4 (sin to r⁹, cos to r¹⁰; truncation below 3e−9). Accurate to a few ulp
/// for |x| up to about 10⁶; beyond that float cannot resolve the period anyway and the result is merely bounded
/// garbage (never NaN for finite x).</para>
/// <para>atan: |x| &gt; 1 is mapped to π/2 − atan(1/|x|), then t &gt; tan(π/12) to π/6 + atan((√3·t − 1)/(t + √3)),
/// leaving |t| ≤ tan(π/12) ≈ 0.268 where the alternating series to t¹³ is accurate to 2e−10.</para>
/// </remarks>
internal static class LearnableMath
{
    private const double HalfPi = Math.PI / 2;
    // π/2 = P1 + P2 + P3 to about 70 bits; k·P1 is exact inside the FMA.
    private static readonly float P1 = (float)HalfPi;
    private static readonly float P2 = (float)(HalfPi - P1);
    private static readonly float P3 = (float)(HalfPi - P1 - (double)P2);
    private const float TwoOverPi = (float)(2 / Math.PI);

    /// <summary>x = k·π/2 + r, |r| ≤ π/4 (slightly more at rounding ties); q = k mod 4 as a float in {0, 1, 2, 3}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce<TV>(TV x, out TV r, out TV q) where TV : struct, IFloatLanes<TV>
    {
        var k = TV.Round(x * TwoOverPi);
        r = TV.Fma(-k, P1, x);
        r = TV.Fma(-k, P2, r);
        r = TV.Fma(-k, P3, r);
        q = TV.Fma(TV.Floor(k * 0.25f), -4f, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SinPoly<TV>(TV r, TV r2) where TV : struct, IFloatLanes<TV>
    {
        var p = TV.Fma(r2, 1f / 362880f, -1f / 5040f);
        p = TV.Fma(p, r2, 1f / 120f);
        p = TV.Fma(p, r2, -1f / 6f);
        return TV.Fma(p * r2, r, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CosPoly<TV>(TV r2) where TV : struct, IFloatLanes<TV>
    {
        var p = TV.Fma(r2, -1f / 3628800f, 1f / 40320f);
        p = TV.Fma(p, r2, -1f / 720f);
        p = TV.Fma(p, r2, 1f / 24f);
        p = TV.Fma(p, r2, -0.5f);
        return TV.Fma(p, r2, 1f);
    }

    /// <summary>Picks ±sin r or ±cos r for quadrant q: sin(kπ/2 + r) = (s, c, −s, −c)[q].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Quadrant<TV>(TV q, TV s, TV c) where TV : struct, IFloatLanes<TV>
    {
        var odd = TV.Fma(TV.Floor(q * 0.5f), -2f, q);
        var v = TV.IfEqual(odd, 1f, c, s);
        return TV.IfGreater(q, 1.5f, -v, v);
    }

    /// <summary>sin x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sin<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        Reduce(x, out var r, out var q);
        var r2 = r * r;
        return Quadrant(q, SinPoly(r, r2), CosPoly(r2));
    }

    /// <summary>cos x = sin of the next quadrant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Cos<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        Reduce(x, out var r, out var q);
        var r2 = r * r;
        var qc = q + 1f;
        qc = TV.IfGreater(qc, 3.5f, 0f, qc);
        return Quadrant(qc, SinPoly(r, r2), CosPoly(r2));
    }

    /// <summary>sin x and cos x from one reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos<TV>(TV x, out TV sin, out TV cos) where TV : struct, IFloatLanes<TV>
    {
        Reduce(x, out var r, out var q);
        var r2 = r * r;
        var s = SinPoly(r, r2);
        var c = CosPoly(r2);
        sin = Quadrant(q, s, c);
        var qc = q + 1f;
        qc = TV.IfGreater(qc, 3.5f, 0f, qc);
        cos = Quadrant(qc, s, c);
    }

    private const float TanPi12 = 0.26794919243112270f;   // tan(π/12) = 2 − √3
    private const float Sqrt3 = 1.7320508075688772f;
    private const float PiOver6 = (float)(Math.PI / 6);
    private const float PiOver2 = (float)(Math.PI / 2);

    /// <summary>arctan x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Atan<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        var t = TV.Abs(x);
        var big = TV.IfGreater(t, 1f, 1f, 0f);
        t = TV.IfGreater(t, 1f, 1f / t, t);
        var shifted = TV.IfGreater(t, TanPi12, 1f, 0f);
        t = TV.IfGreater(t, TanPi12, TV.Fma(t, Sqrt3, -1f) / (t + Sqrt3), t);
        var t2 = t * t;
        var p = TV.Fma(t2, 1f / 13f, -1f / 11f);
        p = TV.Fma(p, t2, 1f / 9f);
        p = TV.Fma(p, t2, -1f / 7f);
        p = TV.Fma(p, t2, 1f / 5f);
        p = TV.Fma(p, t2, -1f / 3f);
        var a = TV.Fma(p * t2, t, t);
        a = TV.Fma(shifted, PiOver6, a);
        a = TV.IfEqual(big, 1f, PiOver2 - a, a);
        return TV.IfGreater(0f, x, -a, a);
    }

    /// <summary>σ(x) = 1/(1 + e^(−x)) with one exponential that never overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        var e = TV.Exp(-TV.Abs(x));
        var r = 1f / (1f + e);
        return TV.IfGreater(0f, x, e * r, r);
    }

    /// <summary>
    /// ln(1 + e) for e in [0, 1] as e·P(e), P of degree 9 fitted (Chebyshev least squares) to ln(1 + e)/e on [0, 1]:
    /// relative error ≤ 1.7e-7 in float, also where 1 + e rounds to 1, and ten FMAs instead of a logarithm and a division.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1p<TV>(TV e) where TV : struct, IFloatLanes<TV>
    {
        TV p = TV.Fma(-0.0032140363473445177f, e, 0.019649166613817215f);
        p = TV.Fma(p, e, -0.056435029953718185f);
        p = TV.Fma(p, e, 0.10533228516578674f);
        p = TV.Fma(p, e, -0.1525145173072815f);
        p = TV.Fma(p, e, 0.19651491940021515f);
        p = TV.Fma(p, e, -0.24947808682918549f);
        p = TV.Fma(p, e, 0.3332909941673279f);
        p = TV.Fma(p, e, -0.4999985098838806f);
        p = TV.Fma(p, e, 1f);
        return p * e;
    }

    /// <summary>e^x with x clamped to [−87, 88], so that no lane overflows or underflows into denormals (NaN stays NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV ExpClamped<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Exp(TV.Min(88f, TV.Max(-87f, x)));

    /// <summary>−1, 0 or +1 (sign(0) = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sign<TV>(TV a) where TV : struct, IFloatLanes<TV> => TV.IfGreater(a, 0f, 1f, TV.IfGreater(0f, a, -1f, 0f));

    /// <summary>+1 where a ≥ 0, −1 elsewhere (the right derivative of |a|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SignPlus<TV>(TV a) where TV : struct, IFloatLanes<TV> => TV.IfGreater(0f, a, -1f, 1f);

    /// <summary>1 where a &gt; 0, 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Step<TV>(TV a) where TV : struct, IFloatLanes<TV> => TV.IfGreater(a, 0f, 1f, 0f);
}

using System.Runtime.CompilerServices;

namespace Activa.Kernels;

public static partial class VectorMath
{
    private const float ExpM1Switch = -0.25f;
    private const float ExpM1E3 = 1.66666672e-1f, ExpM1E4 = 4.16666679e-2f, ExpM1E5 = 8.33333377e-3f,
                        ExpM1E6 = 1.38888892e-3f, ExpM1E7 = 1.98412701e-4f;

    /// <summary>eᵗ − 1 for t ≤ 0 (−∞ allowed), without cancellation near 0: the Taylor polynomial of degree 7 on
    /// (−¼, 0], eᵗ − 1 below (the exponential units' tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpM1Neg<TV>(TV t) where TV : struct, IFloatLanes<TV>
    {
        var q = TV.Fma(t, TV.Fma(t, TV.Fma(t, TV.Fma(t, TV.Fma(t, ExpM1E7, ExpM1E6), ExpM1E5), ExpM1E4), ExpM1E3), 0.5f);
        q = TV.Fma(t, q, 1f);
        return TV.Select(TV.GreaterThan(t, ExpM1Switch), t * q, Exp(t) - 1f);
    }

    private const float TanPiOver8 = 0.414213568f;
    private const float PiOver4 = 0.785398185f;
    private const float InvPi = 0.318309873f;
    private const float AtanA3 = -3.33333343e-1f, AtanA5 = 2.00000003e-1f, AtanA7 = -1.42857149e-1f, AtanA9 = 1.11111112e-1f,
                        AtanA11 = -9.09090936e-2f, AtanA13 = 7.69230798e-2f, AtanA15 = -6.66666701e-2f, AtanA17 = 5.88235296e-2f;

    /// <summary>
    /// ½ + arctan(x)/π, the Cauchy distribution function, with relative accuracy in both tails (no cancellation for
    /// x → −∞). Method: t = |x| or 1/|x| so t ∈ [0, 1]; t > tan(π/8) is mapped to (t − 1)/(t + 1) plus π/4; arctan of
    /// the rest (|u| ≤ tan(π/8)) by its Taylor series to u¹⁷ (truncation below 3e−9).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV CauchyCdf<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        var a = TV.Abs(x);
        var inv = TV.GreaterThan(a, 1f);
        var t = TV.Select(inv, 1f / a, a);
        var mid = TV.GreaterThan(t, TanPiOver8);
        var u = TV.Select(mid, (t - 1f) / (t + 1f), t);
        var u2 = u * u;
        var p = TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, AtanA17, AtanA15), AtanA13),
            AtanA11), AtanA9), AtanA7), AtanA5), AtanA3);
        var r = TV.Fma(u * u2, p, u) + TV.And(mid, PiOver4);
        var rp = r * InvPi;
        var pos = TV.Select(inv, 1f - rp, 0.5f + rp);
        var neg = TV.Select(inv, rp, 0.5f - rp);
        return TV.Select(TV.LessThan(x, 0f), neg, pos);
    }

    private const float SincSwitch = 0.5f;
    private const float SincQ2 = -1.66666672e-1f, SincQ4 = 8.33333377e-3f, SincQ6 = -1.98412701e-4f, SincQ8 = 2.75573188e-6f,
                        SincQ10 = -2.50521079e-8f;
    private const float SincD1 = -3.33333343e-1f, SincD3 = 3.33333351e-2f, SincD5 = -1.19047624e-3f, SincD7 = 2.20458551e-5f,
                        SincD9 = -2.50521083e-7f;

    /// <summary>
    /// sinc u = sin(u)/u (1 at 0) and its derivative (cos u − sinc u)/u, for u = hi + lo (lo a small correction,
    /// e.g. the low part of a two-float π). For |u| &lt; ½ both come from their Taylor series (no cancellation);
    /// otherwise from <see cref="SinCosOfSum{TV}(TV, TV, out TV, out TV)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sinc<TV>(TV hi, TV lo, out TV sinc, out TV derivative) where TV : struct, IFloatLanes<TV>
    {
        SinCosOfSumCall(hi, lo, out var s, out var c);
        var u = hi + lo;
        var u2 = u * u;
        var ps = TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, SincQ10, SincQ8), SincQ6), SincQ4), SincQ2), 1f);
        var pd = TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, TV.Fma(u2, SincD9, SincD7), SincD5), SincD3), SincD1) * u;
        var iu = 1f / u;
        var ds = s * iu;
        var dd = (c - ds) * iu;
        var small = TV.LessThan(TV.Abs(u), SincSwitch);
        sinc = TV.Select(small, ps, ds);
        derivative = TV.Select(small, pd, dd);
    }

    /// <summary><see cref="SinCosOfSum{TV}(TV, TV, out TV, out TV)"/> as a call: an activation may evaluate two sincs (the
    /// DSU), and two inlined sin/cos reductions on top of the sinc series exceed what the JIT inlines into one lane loop.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SinCosOfSumCall<TV>(TV hi, TV lo, out TV sin, out TV cos) where TV : struct, IFloatLanes<TV> =>
        SinCosOfSum(hi, lo, out sin, out cos);
}

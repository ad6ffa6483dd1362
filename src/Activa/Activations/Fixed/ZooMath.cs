using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Small float helpers shared by the exponential, sigmoidal and periodic activations, each as float, 256- and 512-bit
/// overloads running the same operations: eᵗ − 1 for t ≤ 0 and ln(1 + s) for s ≥ 0 without cancellation, the arctan
/// gate ½ + arctan(x)/π, and sinc with its derivative.
/// </summary>
internal static class ZooMath
{
    private const float ExpM1Switch = -0.25f;
    private const float E3 = 1.66666672e-1f, E4 = 4.16666679e-2f, E5 = 8.33333377e-3f, E6 = 1.38888892e-3f, E7 = 1.98412701e-4f;

    /// <summary>eᵗ − 1 for t ≤ 0 (−∞ allowed): the Taylor polynomial of degree 7 on (−¼, 0], eᵗ − 1 below.</summary>
    public static float ExpM1Neg(float t)
    {
        float q = MathF.FusedMultiplyAdd(t, E7, E6);
        q = MathF.FusedMultiplyAdd(t, q, E5);
        q = MathF.FusedMultiplyAdd(t, q, E4);
        q = MathF.FusedMultiplyAdd(t, q, E3);
        q = MathF.FusedMultiplyAdd(t, q, 0.5f);
        q = MathF.FusedMultiplyAdd(t, q, 1f);
        return t > ExpM1Switch ? t * q : VectorMath.Exp(t) - 1f;
    }

    /// <inheritdoc cref="ExpM1Neg(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ExpM1Neg(Vector256<float> t)
    {
        var q = Vector256.FusedMultiplyAdd(t, Vector256.Create(E7), Vector256.Create(E6));
        q = Vector256.FusedMultiplyAdd(t, q, Vector256.Create(E5));
        q = Vector256.FusedMultiplyAdd(t, q, Vector256.Create(E4));
        q = Vector256.FusedMultiplyAdd(t, q, Vector256.Create(E3));
        q = Vector256.FusedMultiplyAdd(t, q, Vector256.Create(0.5f));
        q = Vector256.FusedMultiplyAdd(t, q, Vector256<float>.One);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(t, Vector256.Create(ExpM1Switch)), t * q, VectorMath.Exp(t) - Vector256<float>.One);
    }

    /// <inheritdoc cref="ExpM1Neg(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ExpM1Neg(Vector512<float> t)
    {
        var q = Vector512.FusedMultiplyAdd(t, Vector512.Create(E7), Vector512.Create(E6));
        q = Vector512.FusedMultiplyAdd(t, q, Vector512.Create(E5));
        q = Vector512.FusedMultiplyAdd(t, q, Vector512.Create(E4));
        q = Vector512.FusedMultiplyAdd(t, q, Vector512.Create(E3));
        q = Vector512.FusedMultiplyAdd(t, q, Vector512.Create(0.5f));
        q = Vector512.FusedMultiplyAdd(t, q, Vector512<float>.One);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(t, Vector512.Create(ExpM1Switch)), t * q, VectorMath.Exp(t) - Vector512<float>.One);
    }

    // ---- arctan gate ----

    private const float TanPiOver8 = 0.414213568f;
    private const float PiOver4 = 0.785398185f;
    private const float InvPi = 0.318309873f;
    private const float A3 = -3.33333343e-1f, A5 = 2.00000003e-1f, A7 = -1.42857149e-1f, A9 = 1.11111112e-1f,
        A11 = -9.09090936e-2f, A13 = 7.69230798e-2f, A15 = -6.66666701e-2f, A17 = 5.88235296e-2f;

    /// <summary>
    /// ½ + arctan(x)/π, the Cauchy distribution function, with relative accuracy in both tails (no cancellation for
    /// x → −∞). Method: t = |x| or 1/|x| so t ∈ [0, 1]; t > tan(π/8) is mapped to (t − 1)/(t + 1) plus π/4; arctan of
    /// the rest (|u| ≤ tan(π/8)) by its Taylor series to u¹⁷ (truncation below 3e−9).
    /// </summary>
    public static float CauchyCdf(float x)
    {
        float a = MathF.Abs(x);
        bool inv = a > 1f;
        float t = inv ? 1f / a : a;
        bool mid = t > TanPiOver8;
        float u = mid ? (t - 1f) / (t + 1f) : t;
        float u2 = u * u;
        float p = MathF.FusedMultiplyAdd(u2, A17, A15);
        p = MathF.FusedMultiplyAdd(u2, p, A13);
        p = MathF.FusedMultiplyAdd(u2, p, A11);
        p = MathF.FusedMultiplyAdd(u2, p, A9);
        p = MathF.FusedMultiplyAdd(u2, p, A7);
        p = MathF.FusedMultiplyAdd(u2, p, A5);
        p = MathF.FusedMultiplyAdd(u2, p, A3);
        float r = MathF.FusedMultiplyAdd(u * u2, p, u) + (mid ? PiOver4 : 0f);
        float rp = r * InvPi;
        float pos = inv ? 1f - rp : 0.5f + rp;
        float neg = inv ? rp : 0.5f - rp;
        return x < 0f ? neg : pos;
    }

    /// <inheritdoc cref="CauchyCdf(float)"/>
    public static Vector256<float> CauchyCdf(Vector256<float> x)
    {
        var a = Vector256.Abs(x);
        var inv = Vector256.GreaterThan(a, Vector256<float>.One);
        var t = Vector256.ConditionalSelect(inv, Vector256<float>.One / a, a);
        var mid = Vector256.GreaterThan(t, Vector256.Create(TanPiOver8));
        var u = Vector256.ConditionalSelect(mid, (t - Vector256<float>.One) / (t + Vector256<float>.One), t);
        var u2 = u * u;
        var p = Vector256.FusedMultiplyAdd(u2, Vector256.Create(A17), Vector256.Create(A15));
        p = Vector256.FusedMultiplyAdd(u2, p, Vector256.Create(A13));
        p = Vector256.FusedMultiplyAdd(u2, p, Vector256.Create(A11));
        p = Vector256.FusedMultiplyAdd(u2, p, Vector256.Create(A9));
        p = Vector256.FusedMultiplyAdd(u2, p, Vector256.Create(A7));
        p = Vector256.FusedMultiplyAdd(u2, p, Vector256.Create(A5));
        p = Vector256.FusedMultiplyAdd(u2, p, Vector256.Create(A3));
        var r = Vector256.FusedMultiplyAdd(u * u2, p, u) + (mid & Vector256.Create(PiOver4));
        var rp = r * Vector256.Create(InvPi);
        var half = Vector256.Create(0.5f);
        var pos = Vector256.ConditionalSelect(inv, Vector256<float>.One - rp, half + rp);
        var neg = Vector256.ConditionalSelect(inv, rp, half - rp);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), neg, pos);
    }

    /// <inheritdoc cref="CauchyCdf(float)"/>
    public static Vector512<float> CauchyCdf(Vector512<float> x)
    {
        var a = Vector512.Abs(x);
        var inv = Vector512.GreaterThan(a, Vector512<float>.One);
        var t = Vector512.ConditionalSelect(inv, Vector512<float>.One / a, a);
        var mid = Vector512.GreaterThan(t, Vector512.Create(TanPiOver8));
        var u = Vector512.ConditionalSelect(mid, (t - Vector512<float>.One) / (t + Vector512<float>.One), t);
        var u2 = u * u;
        var p = Vector512.FusedMultiplyAdd(u2, Vector512.Create(A17), Vector512.Create(A15));
        p = Vector512.FusedMultiplyAdd(u2, p, Vector512.Create(A13));
        p = Vector512.FusedMultiplyAdd(u2, p, Vector512.Create(A11));
        p = Vector512.FusedMultiplyAdd(u2, p, Vector512.Create(A9));
        p = Vector512.FusedMultiplyAdd(u2, p, Vector512.Create(A7));
        p = Vector512.FusedMultiplyAdd(u2, p, Vector512.Create(A5));
        p = Vector512.FusedMultiplyAdd(u2, p, Vector512.Create(A3));
        var r = Vector512.FusedMultiplyAdd(u * u2, p, u) + (mid & Vector512.Create(PiOver4));
        var rp = r * Vector512.Create(InvPi);
        var half = Vector512.Create(0.5f);
        var pos = Vector512.ConditionalSelect(inv, Vector512<float>.One - rp, half + rp);
        var neg = Vector512.ConditionalSelect(inv, rp, half - rp);
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), neg, pos);
    }

    // ---- sinc ----

    private const float SincSwitch = 0.5f;
    private const float Q2 = -1.66666672e-1f, Q4 = 8.33333377e-3f, Q6 = -1.98412701e-4f, Q8 = 2.75573188e-6f, Q10 = -2.50521079e-8f;
    private const float D1 = -3.33333343e-1f, D3 = 3.33333351e-2f, D5 = -1.19047624e-3f, D7 = 2.20458551e-5f, D9 = -2.50521083e-7f;

    /// <summary>
    /// sinc u = sin(u)/u (1 at 0) and its derivative (cos u − sinc u)/u, for u = hi + lo (lo a small correction,
    /// e.g. the low part of a two-float π). For |u| &lt; ½ both come from their Taylor series (no cancellation);
    /// otherwise from <see cref="SinCos"/>.
    /// </summary>
    public static void Sinc(float hi, float lo, out float sinc, out float derivative)
    {
        SinCos.Eval(hi, lo, out float s, out float c);
        float u = hi + lo, u2 = u * u;
        float ps = MathF.FusedMultiplyAdd(u2, Q10, Q8);
        ps = MathF.FusedMultiplyAdd(u2, ps, Q6);
        ps = MathF.FusedMultiplyAdd(u2, ps, Q4);
        ps = MathF.FusedMultiplyAdd(u2, ps, Q2);
        ps = MathF.FusedMultiplyAdd(u2, ps, 1f);
        float pd = MathF.FusedMultiplyAdd(u2, D9, D7);
        pd = MathF.FusedMultiplyAdd(u2, pd, D5);
        pd = MathF.FusedMultiplyAdd(u2, pd, D3);
        pd = MathF.FusedMultiplyAdd(u2, pd, D1);
        pd *= u;
        float iu = 1f / u;
        float ds = s * iu;
        float dd = (c - ds) * iu;
        bool small = MathF.Abs(u) < SincSwitch;
        sinc = small ? ps : ds;
        derivative = small ? pd : dd;
    }

    /// <inheritdoc cref="Sinc(float, float, out float, out float)"/>
    public static void Sinc(Vector256<float> hi, Vector256<float> lo, out Vector256<float> sinc, out Vector256<float> derivative)
    {
        SinCos.Eval(hi, lo, out var s, out var c);
        var u = hi + lo;
        var u2 = u * u;
        var ps = Vector256.FusedMultiplyAdd(u2, Vector256.Create(Q10), Vector256.Create(Q8));
        ps = Vector256.FusedMultiplyAdd(u2, ps, Vector256.Create(Q6));
        ps = Vector256.FusedMultiplyAdd(u2, ps, Vector256.Create(Q4));
        ps = Vector256.FusedMultiplyAdd(u2, ps, Vector256.Create(Q2));
        ps = Vector256.FusedMultiplyAdd(u2, ps, Vector256<float>.One);
        var pd = Vector256.FusedMultiplyAdd(u2, Vector256.Create(D9), Vector256.Create(D7));
        pd = Vector256.FusedMultiplyAdd(u2, pd, Vector256.Create(D5));
        pd = Vector256.FusedMultiplyAdd(u2, pd, Vector256.Create(D3));
        pd = Vector256.FusedMultiplyAdd(u2, pd, Vector256.Create(D1));
        pd *= u;
        var iu = Vector256<float>.One / u;
        var ds = s * iu;
        var dd = (c - ds) * iu;
        var small = Vector256.LessThan(Vector256.Abs(u), Vector256.Create(SincSwitch));
        sinc = Vector256.ConditionalSelect(small, ps, ds);
        derivative = Vector256.ConditionalSelect(small, pd, dd);
    }

    /// <inheritdoc cref="Sinc(float, float, out float, out float)"/>
    public static void Sinc(Vector512<float> hi, Vector512<float> lo, out Vector512<float> sinc, out Vector512<float> derivative)
    {
        SinCos.Eval(hi, lo, out var s, out var c);
        var u = hi + lo;
        var u2 = u * u;
        var ps = Vector512.FusedMultiplyAdd(u2, Vector512.Create(Q10), Vector512.Create(Q8));
        ps = Vector512.FusedMultiplyAdd(u2, ps, Vector512.Create(Q6));
        ps = Vector512.FusedMultiplyAdd(u2, ps, Vector512.Create(Q4));
        ps = Vector512.FusedMultiplyAdd(u2, ps, Vector512.Create(Q2));
        ps = Vector512.FusedMultiplyAdd(u2, ps, Vector512<float>.One);
        var pd = Vector512.FusedMultiplyAdd(u2, Vector512.Create(D9), Vector512.Create(D7));
        pd = Vector512.FusedMultiplyAdd(u2, pd, Vector512.Create(D5));
        pd = Vector512.FusedMultiplyAdd(u2, pd, Vector512.Create(D3));
        pd = Vector512.FusedMultiplyAdd(u2, pd, Vector512.Create(D1));
        pd *= u;
        var iu = Vector512<float>.One / u;
        var ds = s * iu;
        var dd = (c - ds) * iu;
        var small = Vector512.LessThan(Vector512.Abs(u), Vector512.Create(SincSwitch));
        sinc = Vector512.ConditionalSelect(small, ps, ds);
        derivative = Vector512.ConditionalSelect(small, pd, dd);
    }
}

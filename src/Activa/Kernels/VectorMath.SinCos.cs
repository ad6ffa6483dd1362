using System.Runtime.CompilerServices;

namespace Activa.Kernels;

public static partial class VectorMath
{
    // sin and cos: k = round(x·2/π), r = x − k·π/2 (Cody–Waite, π/2 in three floats), Taylor polynomials for sin r and
    // cos r, the quadrant k mod 4 selecting and signing them.
    private const float TwoOverPi = 0.636619747f;
    private const float PiO2Hi = 1.57079637f;        // float(π/2)
    private const float PiO2Mid = -4.37113883e-8f;   // float(π/2 − PiO2Hi)
    private const float PiO2Lo = -1.71512451e-15f;   // float(π/2 − PiO2Hi − PiO2Mid)
    private const float SinCosLimit = 4194304f;      // 2^22
    private const float RoundMagic = 12582912f;      // 1.5·2^23: (v + M) − M rounds v to an integer for |v| < 2^22
    private const float SinS3 = -1.66666672e-1f, SinS5 = 8.33333377e-3f, SinS7 = -1.98412701e-4f, SinS9 = 2.75573188e-6f,
                        SinS11 = -2.50521079e-8f;
    private const float CosC2 = -0.5f, CosC4 = 4.16666679e-2f, CosC6 = -1.38888892e-3f, CosC8 = 2.48015876e-5f,
                        CosC10 = -2.75573200e-7f, CosC12 = 2.08767559e-9f;

    /// <summary>sin x and cos x.</summary>
    /// <remarks>
    /// <para>Method: k = round(x·2/π) (by the 1.5·2²³ trick, ties to even), then Cody–Waite reduction with π/2 split
    /// into three floats, r = x − k·π/2 by fused multiply-adds (each product exact), so |r| ≲ π/4 with an absolute
    /// error of about 1e−7 for |x| up to a few million. sin r and cos r come from their Taylor polynomials of degree
    /// 11 and 12 (truncation error below 1e−9 for |r| ≤ 1.1, well under float rounding), and the quadrant k mod 4
    /// (the low bits of the rounded k + 1.5·2²³) selects and signs them. Measured against Math.Sin/Math.Cos: abs
    /// error ≤ 2e−7 for |x| ≤ 1e6.</para>
    /// <para>The argument is clamped to ±2²² (where floats are 0.5 apart and the phase is meaningless): beyond it the
    /// result is the sine of the clamp, finite, never NaN.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos<TV>(TV x, out TV sin, out TV cos) where TV : struct, IFloatLanes<TV> =>
        SinCosOfSum(x, 0f, out sin, out cos);

    /// <summary>sin(w·x) and cos(w·x), with the product w·x carried exactly as a rounded value plus its error
    /// (see <see cref="SinCos{TV}(TV, out TV, out TV)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosOfProduct<TV>(float w, TV x, out TV sin, out TV cos) where TV : struct, IFloatLanes<TV>
    {
        var hi = w * x;
        SinCosOfSum(hi, TV.Fma(w, x, -hi), out sin, out cos);
    }

    /// <summary>sin and cos of hi + lo, where lo is a small correction to hi added after the reduction (dropped when
    /// |hi| exceeds the clamp): lets callers form ω·x exactly or shift by π with a two-float π
    /// (see <see cref="SinCos{TV}(TV, out TV, out TV)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosOfSum<TV>(TV hi, TV lo, out TV sin, out TV cos) where TV : struct, IFloatLanes<TV>
    {
        lo = TV.And(lo, TV.LessThanOrEqual(TV.Abs(hi), SinCosLimit));
        hi = TV.Min(TV.Max(hi, -SinCosLimit), SinCosLimit);
        var t = hi * TwoOverPi + RoundMagic;
        var k = t - RoundMagic;
        var r = TV.Fma(-k, PiO2Hi, hi);
        r = TV.Fma(-k, PiO2Mid, r);
        r = TV.Fma(-k, PiO2Lo, r);
        r += lo;
        var r2 = r * r;
        var ps = TV.Fma(r2, TV.Fma(r2, TV.Fma(r2, TV.Fma(r2, SinS11, SinS9), SinS7), SinS5), SinS3);
        var s = TV.Fma(r * r2, ps, r);
        var pc = TV.Fma(r2, TV.Fma(r2, TV.Fma(r2, TV.Fma(r2, TV.Fma(r2, CosC12, CosC10), CosC8), CosC6), CosC4), CosC2);
        var c = TV.Fma(r2, pc, 1f);
        // t = 1.5·2²³ + k has a unit last place, so its two lowest bits are k mod 4 (two's complement, for negative k too)
        var oddSign = TV.ShiftLeftInt32(t, 31);                                 // bit 0 of k in the sign position
        var odd = TV.ShiftRightArithmeticInt32(oddSign, 31);                    // all bits where k is odd
        var sinSign = TV.And(TV.ShiftLeftInt32(t, 30), -0f);                    // bit 1 of k: sin flips in quadrants 2, 3
        sin = TV.Xor(TV.Select(odd, c, s), sinSign);
        cos = TV.Xor(TV.Select(odd, s, c), TV.Xor(sinSign, oddSign));          // bit 1 of k + 1: cos flips in quadrants 1, 2
    }
}

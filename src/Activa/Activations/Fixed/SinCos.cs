using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Activa.Activations;

/// <summary>
/// Sine and cosine for float, 256- and 512-bit lanes, shared by the periodic activations. Every overload runs the
/// same sequence of IEEE operations (fused multiply-adds included), so the scalar path and every vector lane return
/// the same bits.
/// </summary>
/// <remarks>
/// <para>Method: k = round(x·2/π) (by the 1.5·2²³ trick, ties to even), then Cody–Waite reduction with π/2 split
/// into three floats, r = x − k·π/2 by fused multiply-adds (each product exact), so |r| ≲ π/4 with an absolute error
/// of about 1e−7 for |x| up to a few million. sin r and cos r come from their Taylor polynomials of degree 11 and 12
/// (truncation error below 1e−9 for |r| ≤ 1.1, well under float rounding), and the quadrant k mod 4 selects and
/// signs them. Measured against Math.Sin/Math.Cos: abs error ≤ 2e−7 for |x| ≤ 1e6.</para>
/// <para>The argument is clamped to ±2²² (where floats are 0.5 apart and the phase is meaningless): beyond it the
/// result is the sine of the clamp, finite, never NaN. <see cref="Eval(float, float, out float, out float)"/> takes the
/// argument as an unevaluated sum hi + lo (lo a small correction, added after the reduction), which lets callers form
/// ω·x exactly or shift by π with a two-float π.</para>
/// </remarks>
internal static class SinCos
{
    private const float TwoOverPi = 0.636619747f;
    private const float PiO2Hi = 1.57079637f;        // float(π/2)
    private const float PiO2Mid = -4.37113883e-8f;   // float(π/2 − PiO2Hi)
    private const float PiO2Lo = -1.71512451e-15f;   // float(π/2 − PiO2Hi − PiO2Mid)
    private const float Limit = 4194304f;            // 2^22
    private const float RoundMagic = 12582912f;      // 1.5·2^23: (v + M) − M rounds v to an integer for |v| < 2^22

    private const float S3 = -1.66666672e-1f, S5 = 8.33333377e-3f, S7 = -1.98412701e-4f, S9 = 2.75573188e-6f, S11 = -2.50521079e-8f;
    private const float C2 = -0.5f, C4 = 4.16666679e-2f, C6 = -1.38888892e-3f, C8 = 2.48015876e-5f, C10 = -2.75573200e-7f, C12 = 2.08767559e-9f;

    /// <summary>sin x and cos x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(float x, out float sin, out float cos) => Eval(x, 0f, out sin, out cos);

    /// <inheritdoc cref="Of(float, out float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(Vector256<float> x, out Vector256<float> sin, out Vector256<float> cos) => Eval(x, Vector256<float>.Zero, out sin, out cos);

    /// <inheritdoc cref="Of(float, out float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(Vector512<float> x, out Vector512<float> sin, out Vector512<float> cos) => Eval(x, Vector512<float>.Zero, out sin, out cos);

    /// <summary>sin(w·x) and cos(w·x), with the product w·x carried exactly as a rounded value plus its error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OfProduct(float w, float x, out float sin, out float cos)
    {
        float hi = w * x;
        Eval(hi, MathF.FusedMultiplyAdd(w, x, -hi), out sin, out cos);
    }

    /// <inheritdoc cref="OfProduct(float, float, out float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OfProduct(float w, Vector256<float> x, out Vector256<float> sin, out Vector256<float> cos)
    {
        var wv = Vector256.Create(w);
        var hi = wv * x;
        Eval(hi, Vector256.FusedMultiplyAdd(wv, x, -hi), out sin, out cos);
    }

    /// <inheritdoc cref="OfProduct(float, float, out float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OfProduct(float w, Vector512<float> x, out Vector512<float> sin, out Vector512<float> cos)
    {
        var wv = Vector512.Create(w);
        var hi = wv * x;
        Eval(hi, Vector512.FusedMultiplyAdd(wv, x, -hi), out sin, out cos);
    }

    /// <summary>sin and cos of hi + lo, where lo is a small correction to hi (dropped when |hi| exceeds the clamp).</summary>
    public static void Eval(float hi, float lo, out float sin, out float cos)
    {
        lo = MathF.Abs(hi) <= Limit ? lo : 0f;
        hi = MathF.Min(MathF.Max(hi, -Limit), Limit);
        float k = hi * TwoOverPi + RoundMagic - RoundMagic;
        float r = MathF.FusedMultiplyAdd(-k, PiO2Hi, hi);
        r = MathF.FusedMultiplyAdd(-k, PiO2Mid, r);
        r = MathF.FusedMultiplyAdd(-k, PiO2Lo, r);
        r += lo;
        float r2 = r * r;
        float ps = MathF.FusedMultiplyAdd(r2, S11, S9);
        ps = MathF.FusedMultiplyAdd(r2, ps, S7);
        ps = MathF.FusedMultiplyAdd(r2, ps, S5);
        ps = MathF.FusedMultiplyAdd(r2, ps, S3);
        float s = MathF.FusedMultiplyAdd(r * r2, ps, r);
        float pc = MathF.FusedMultiplyAdd(r2, C12, C10);
        pc = MathF.FusedMultiplyAdd(r2, pc, C8);
        pc = MathF.FusedMultiplyAdd(r2, pc, C6);
        pc = MathF.FusedMultiplyAdd(r2, pc, C4);
        pc = MathF.FusedMultiplyAdd(r2, pc, C2);
        float c = MathF.FusedMultiplyAdd(r2, pc, 1f);
        int q = (int)k;
        bool odd = (q & 1) != 0;
        float sq = odd ? c : s, cq = odd ? s : c;
        sin = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(sq) ^ ((q & 2) << 30));
        cos = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(cq) ^ (((q + 1) & 2) << 30));
    }

    /// <inheritdoc cref="Eval(float, float, out float, out float)"/>
    public static void Eval(Vector256<float> hi, Vector256<float> lo, out Vector256<float> sin, out Vector256<float> cos)
    {
        var limit = Vector256.Create(Limit);
        lo &= Vector256.LessThanOrEqual(Vector256.Abs(hi), limit);
        hi = Vector256.Min(Vector256.Max(hi, -limit), limit);
        var magic = Vector256.Create(RoundMagic);
        var k = hi * Vector256.Create(TwoOverPi) + magic - magic;
        var r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(PiO2Hi), hi);
        r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(PiO2Mid), r);
        r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(PiO2Lo), r);
        r += lo;
        var r2 = r * r;
        var ps = Vector256.FusedMultiplyAdd(r2, Vector256.Create(S11), Vector256.Create(S9));
        ps = Vector256.FusedMultiplyAdd(r2, ps, Vector256.Create(S7));
        ps = Vector256.FusedMultiplyAdd(r2, ps, Vector256.Create(S5));
        ps = Vector256.FusedMultiplyAdd(r2, ps, Vector256.Create(S3));
        var s = Vector256.FusedMultiplyAdd(r * r2, ps, r);
        var pc = Vector256.FusedMultiplyAdd(r2, Vector256.Create(C12), Vector256.Create(C10));
        pc = Vector256.FusedMultiplyAdd(r2, pc, Vector256.Create(C8));
        pc = Vector256.FusedMultiplyAdd(r2, pc, Vector256.Create(C6));
        pc = Vector256.FusedMultiplyAdd(r2, pc, Vector256.Create(C4));
        pc = Vector256.FusedMultiplyAdd(r2, pc, Vector256.Create(C2));
        var c = Vector256.FusedMultiplyAdd(r2, pc, Vector256<float>.One);
        var q = Vector256.ConvertToInt32(k);
        var one = Vector256.Create(1);
        var two = Vector256.Create(2);
        var odd = Vector256.Equals(q & one, one).AsSingle();
        var sq = Vector256.ConditionalSelect(odd, c, s);
        var cq = Vector256.ConditionalSelect(odd, s, c);
        sin = sq ^ Vector256.ShiftLeft(q & two, 30).AsSingle();
        cos = cq ^ Vector256.ShiftLeft((q + one) & two, 30).AsSingle();
    }

    /// <inheritdoc cref="Eval(float, float, out float, out float)"/>
    public static void Eval(Vector512<float> hi, Vector512<float> lo, out Vector512<float> sin, out Vector512<float> cos)
    {
        var limit = Vector512.Create(Limit);
        lo &= Vector512.LessThanOrEqual(Vector512.Abs(hi), limit);
        hi = Vector512.Min(Vector512.Max(hi, -limit), limit);
        var magic = Vector512.Create(RoundMagic);
        var k = hi * Vector512.Create(TwoOverPi) + magic - magic;
        var r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(PiO2Hi), hi);
        r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(PiO2Mid), r);
        r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(PiO2Lo), r);
        r += lo;
        var r2 = r * r;
        var ps = Vector512.FusedMultiplyAdd(r2, Vector512.Create(S11), Vector512.Create(S9));
        ps = Vector512.FusedMultiplyAdd(r2, ps, Vector512.Create(S7));
        ps = Vector512.FusedMultiplyAdd(r2, ps, Vector512.Create(S5));
        ps = Vector512.FusedMultiplyAdd(r2, ps, Vector512.Create(S3));
        var s = Vector512.FusedMultiplyAdd(r * r2, ps, r);
        var pc = Vector512.FusedMultiplyAdd(r2, Vector512.Create(C12), Vector512.Create(C10));
        pc = Vector512.FusedMultiplyAdd(r2, pc, Vector512.Create(C8));
        pc = Vector512.FusedMultiplyAdd(r2, pc, Vector512.Create(C6));
        pc = Vector512.FusedMultiplyAdd(r2, pc, Vector512.Create(C4));
        pc = Vector512.FusedMultiplyAdd(r2, pc, Vector512.Create(C2));
        var c = Vector512.FusedMultiplyAdd(r2, pc, Vector512<float>.One);
        var q = Vector512.ConvertToInt32(k);
        var one = Vector512.Create(1);
        var two = Vector512.Create(2);
        var odd = Vector512.Equals(q & one, one).AsSingle();
        var sq = Vector512.ConditionalSelect(odd, c, s);
        var cq = Vector512.ConditionalSelect(odd, s, c);
        sin = sq ^ Vector512.ShiftLeft(q & two, 30).AsSingle();
        cos = cq ^ Vector512.ShiftLeft((q + one) & two, 30).AsSingle();
    }
}

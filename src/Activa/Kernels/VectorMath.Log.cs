using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

public static partial class VectorMath
{
    // log x = k·ln 2 + log1p(f), x = 2^k·m, m = 1 + f ∈ [√½, √2).
    private const int SqrtHalfBits = 0x3F3504F3;        // float(√½): m starts here
    private const float MinNormal = 1.17549435e-38f;    // 2^−126
    private const float TwoTo23 = 8388608f;
    // log1p(f) ≈ f + f²(P0 + P1 f + … + P8 f⁸), relative error 4.2e-9 on f ∈ [√½−1, √2−1]
    private const float LogP0 = -4.999998808e-01f, LogP1 = 3.333332539e-01f, LogP2 = -2.500160933e-01f,
                        LogP3 = 2.000201344e-01f, LogP4 = -1.660843045e-01f, LogP5 = 1.418059617e-01f,
                        LogP6 = -1.324750036e-01f, LogP7 = 1.291472912e-01f, LogP8 = -7.623170316e-02f;

    /// <summary>Natural logarithm, log x.</summary>
    /// <remarks>
    /// Method: exponent and mantissa split by integer bit operations with the mantissa normalised to
    /// [√½, √2) (subnormal inputs are first scaled by 2^23, so they are exact too), then
    /// log x = k·ln 2 + f + f²·P(f), f = m − 1 exact, with a degree-8 minimax P and ln 2 in two parts.
    /// Special values: log 0 = −∞ (either sign of zero), log of a negative number or −∞ = NaN,
    /// log +∞ = +∞, NaN gives NaN.
    /// Measured error, every positive float (subnormals included): ≤ 0.92 ulp, relative ≤ 8.1e-8; near
    /// x = 1 the error stays relative (no cancellation: f is exact and log1p(f) is evaluated directly).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x)
    {
        bool sub = x < MinNormal;
        float xs = sub ? x * TwoTo23 : x;
        int ix = BitConverter.SingleToInt32Bits(xs);
        int k = (ix - SqrtHalfBits) >> 23;
        float f = BitConverter.Int32BitsToSingle(ix - (k << 23)) - 1f;
        float e = (float)(k + (sub ? -23 : 0));
        float p = Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(LogP8, f, LogP7), f, LogP6), f, LogP5), f, LogP4), f, LogP3), f, LogP2), f, LogP1), f, LogP0);
        float y = Fma(e, Ln2Lo, f);
        y = Fma(f * f, p, y);
        y = Fma(e, Ln2Hi, y);
        // specials: +∞ and NaN return themselves, 0 gives −∞, negatives NaN
        y = x < float.PositiveInfinity ? y : x;
        y = x < 0f ? float.NaN : y;
        return x == 0f ? float.NegativeInfinity : y;
    }

    /// <inheritdoc cref="Log(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x)
    {
        var sub = Vector256.LessThan(x, Vector256.Create(MinNormal));
        var xs = Vector256.ConditionalSelect(sub, x * Vector256.Create(TwoTo23), x);
        var ix = xs.AsInt32();
        var k = Vector256.ShiftRightArithmetic(ix - Vector256.Create(SqrtHalfBits), 23);
        var f = (ix - Vector256.ShiftLeft(k, 23)).AsSingle() - Vector256<float>.One;
        var e = Vector256.ConvertToSingle(k + (sub.AsInt32() & Vector256.Create(-23)));
        var p = Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(Vector256.Create(LogP8), f, LogP7), f, LogP6), f, LogP5), f, LogP4), f, LogP3), f, LogP2), f, LogP1), f, LogP0);
        var y = Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2Lo), f);
        y = Vector256.FusedMultiplyAdd(f * f, p, y);
        y = Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2Hi), y);
        y = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(float.PositiveInfinity)), y, x);
        y = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(float.NaN), y);
        return Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(float.NegativeInfinity), y);
    }

    /// <inheritdoc cref="Log(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x)
    {
        var sub = Vector512.LessThan(x, Vector512.Create(MinNormal));
        var xs = Vector512.ConditionalSelect(sub, x * Vector512.Create(TwoTo23), x);
        var ix = xs.AsInt32();
        var k = Vector512.ShiftRightArithmetic(ix - Vector512.Create(SqrtHalfBits), 23);
        var f = (ix - Vector512.ShiftLeft(k, 23)).AsSingle() - Vector512<float>.One;
        var e = Vector512.ConvertToSingle(k + (sub.AsInt32() & Vector512.Create(-23)));
        var p = Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(Vector512.Create(LogP8), f, LogP7), f, LogP6), f, LogP5), f, LogP4), f, LogP3), f, LogP2), f, LogP1), f, LogP0);
        var y = Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2Lo), f);
        y = Vector512.FusedMultiplyAdd(f * f, p, y);
        y = Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2Hi), y);
        y = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(float.PositiveInfinity)), y, x);
        y = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512.Create(float.NaN), y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<float>.Zero), Vector512.Create(float.NegativeInfinity), y);
    }

    /// <summary>log(1 + x), accurate for small |x|.</summary>
    /// <remarks>
    /// Method: u = 1 + x rounded, then log1p x = log u · x/(u − 1) (Goldberg's correction: the
    /// rounding of 1 + x cancels in the ratio), and x itself where u rounds to 1.
    /// Special values: log1p(−1) = −∞, x &lt; −1 gives NaN, +∞ gives +∞, NaN gives NaN, ±0 keeps its sign.
    /// Measured error, every float in [−1, float.MaxValue]: ≤ 2.5 ulp, relative ≤ 1.9e-7.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log1p(float x)
    {
        float u = 1f + x;
        float d = u - 1f;
        float y = Log(u) * (x / d);
        y = d == 0f ? x : y;
        return x == float.PositiveInfinity ? x : y;
    }

    /// <inheritdoc cref="Log1p(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log1p(Vector256<float> x)
    {
        var u = Vector256<float>.One + x;
        var d = u - Vector256<float>.One;
        var y = Log(u) * (x / d);
        y = Vector256.ConditionalSelect(Vector256.Equals(d, Vector256<float>.Zero), x, y);
        return Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.PositiveInfinity)), x, y);
    }

    /// <inheritdoc cref="Log1p(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log1p(Vector512<float> x)
    {
        var u = Vector512<float>.One + x;
        var d = u - Vector512<float>.One;
        var y = Log(u) * (x / d);
        y = Vector512.ConditionalSelect(Vector512.Equals(d, Vector512<float>.Zero), x, y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(float.PositiveInfinity)), x, y);
    }
}

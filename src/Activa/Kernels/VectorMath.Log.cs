using System.Runtime.CompilerServices;

namespace Activa.Kernels;

public static partial class VectorMath
{
    // log x = k·ln 2 + log1p(f), x = 2^k·m, m = 1 + f ∈ [√½, √2).
    private const float SqrtHalf = 0.707106769f;        // float(√½), bits 0x3F3504F3: m starts here
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
    public static TV Log<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        var sub = TV.LessThan(x, MinNormal);
        var xs = TV.Select(sub, x * TwoTo23, x);
        // k = ⌊log2(xs/√½)⌋ from the bits; m = xs·2^−k by subtracting k from the exponent field
        var k = TV.ShiftRightArithmeticInt32(TV.SubtractInt32(xs, SqrtHalf), 23);
        var f = TV.SubtractInt32(xs, TV.ShiftLeftInt32(k, 23)) - 1f;
        var e = TV.ConvertInt32ToSingle(k) - TV.And(sub, 23f);
        var p = TV.Fma(TV.Fma(TV.Fma(TV.Fma(TV.Fma(TV.Fma(TV.Fma(TV.Fma(f, LogP8, LogP7), f, LogP6), f, LogP5), f, LogP4), f, LogP3), f, LogP2), f, LogP1), f, LogP0);
        var y = TV.Fma(e, Ln2Lo, f);
        y = TV.Fma(f * f, p, y);
        y = TV.Fma(e, Ln2Hi, y);
        // specials: +∞ and NaN return themselves, 0 gives −∞, negatives NaN
        y = TV.Select(TV.LessThan(x, float.PositiveInfinity), y, x);
        y = TV.Select(TV.LessThan(x, 0f), float.NaN, y);
        return TV.Select(TV.EqualTo(x, 0f), float.NegativeInfinity, y);
    }

    /// <summary>log(1 + x), accurate for small |x|.</summary>
    /// <remarks>
    /// Method: u = 1 + x rounded, then log1p x = log u · x/(u − 1) (Goldberg's correction: the
    /// rounding of 1 + x cancels in the ratio), and x itself where u rounds to 1.
    /// Special values: log1p(−1) = −∞, x &lt; −1 gives NaN, +∞ gives +∞, NaN gives NaN, ±0 keeps its sign.
    /// Measured error, every float in [−1, float.MaxValue]: ≤ 2.5 ulp, relative ≤ 1.9e-7.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1p<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        var u = 1f + x;
        var d = u - 1f;
        var y = Log(u) * (x / d);
        y = TV.Select(TV.EqualTo(d, 0f), x, y);
        return TV.Select(TV.EqualTo(x, float.PositiveInfinity), x, y);
    }
}

using System.Runtime.CompilerServices;
namespace Activa.Activations.Learnable;

/// <summary>
/// Elementary functions for the learnable-activation kernels over <see cref="IFloatLanes{TV}"/>: sin and cos (from
/// <see cref="Activations.SinCos"/>), arctan, and stable compositions (sigmoid, log1p on [0, 1], sign steps); the
/// scalar and the vector paths execute the same operations and give the same bits.
/// </summary>
/// <remarks>
/// <para>atan: |x| &gt; 1 is mapped to π/2 − atan(1/|x|), then t &gt; tan(π/12) to π/6 + atan((√3·t − 1)/(t + √3)),
/// leaving |t| ≤ tan(π/12) ≈ 0.268 where the alternating series to t¹³ is accurate to 2e−10.</para>
/// </remarks>
internal static class LearnableMath
{
    /// <summary>sin x (<see cref="Activations.SinCos"/>: Cody–Waite reduction, abs error ≤ 2e−7 for |x| ≤ 1e6).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sin<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV.SinCos(x, out var s, out _);
        return s;
    }

    /// <summary>cos x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Cos<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV.SinCos(x, out _, out var c);
        return c;
    }

    /// <summary>sin x and cos x from one reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos<TV>(TV x, out TV sin, out TV cos) where TV : struct, IFloatLanes<TV> => TV.SinCos(x, out sin, out cos);

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

    /// <summary>ln(1 + e) for e in [0, 1], accurate also where 1 + e rounds to 1 (<see cref="Kernels.VectorMath.Log1pUnit(float)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1p<TV>(TV e) where TV : struct, IFloatLanes<TV> => TV.Log1pUnit(e);

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

namespace Activa.Activations.Learnable;

/// <summary>
/// Elementary functions for the learnable-activation kernels over <see cref="IFloatLanes{TV}"/>, each delegating to the
/// shared kernels (<see cref="Kernels.VectorMath"/>) or composing them: sin, cos,
/// sigmoid, log1p on [0, 1], sign steps; the scalar and the vector paths give the same bits.
/// </summary>
internal static class LearnableMath
{
    /// <summary>sin x (<see cref="Kernels.VectorMath.SinCos{TV}(TV, out TV, out TV)"/>: Cody–Waite reduction, abs error ≤ 2e−7 for |x| ≤ 1e6).</summary>
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

    /// <summary>σ(x) (<see cref="Kernels.VectorMath.Sigmoid{TV}(TV)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Sigmoid(x);

    /// <summary>ln(1 + e) for e in [0, 1], accurate also where 1 + e rounds to 1 (<see cref="Kernels.VectorMath.Log1pUnit{TV}(TV)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1p<TV>(TV e) where TV : struct, IFloatLanes<TV> => TV.Log1pUnit(e);

    /// <summary>e^x with x clamped to [−87, 88], so that no lane overflows or underflows into denormals (NaN stays NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV ExpClamped<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Exp(TV.MinNative(88f, TV.MaxNative(-87f, x)));

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

namespace Activa.Kernels;

/// <summary>
/// Per-set constants of a learnable activation (derived from its parameters once per call), as lanes. Named fields,
/// not an array: a kernel touches only the first <see cref="ISetKernel.CoefficientCount"/> of them, the rest are never
/// initialised (<see cref="Unsafe.SkipInit{T}(out T)"/>), and the JIT keeps the used ones in registers.
/// </summary>
internal struct Coefs<TV> where TV : struct, IFloatLanes<TV>
{
    public TV C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, C20;

    /// <summary>Field <paramref name="i"/> (for kernels whose loops run to a type-level count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV Get(int i) => i switch
    {
        0 => C0, 1 => C1, 2 => C2,
        3 => C3, 4 => C4, 5 => C5,
        6 => C6, 7 => C7, 8 => C8,
        9 => C9, 10 => C10, 11 => C11,
        12 => C12, 13 => C13, 14 => C14,
        15 => C15, 16 => C16, 17 => C17,
        18 => C18, 19 => C19, 20 => C20,
        _ => C20,
    };
}

/// <summary>Running float sums of the parameter-gradient contributions g·∂y/∂θₘ, as lanes (named fields, as <see cref="Coefs{TV}"/>).</summary>
internal struct Grads<TV> where TV : struct, IFloatLanes<TV>
{
    public TV G0, G1, G2, G3, G4, G5, G6, G7, G8, G9, G10, G11, G12, G13, G14, G15, G16, G17, G18, G19, G20;

    /// <summary>Field <paramref name="i"/> += a·b (one rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fma(int i, TV a, TV b)
    {
        switch (i)
        {
            case 0: G0 = TV.Fma(a, b, G0); break; case 1: G1 = TV.Fma(a, b, G1); break; case 2: G2 = TV.Fma(a, b, G2); break;
            case 3: G3 = TV.Fma(a, b, G3); break; case 4: G4 = TV.Fma(a, b, G4); break; case 5: G5 = TV.Fma(a, b, G5); break;
            case 6: G6 = TV.Fma(a, b, G6); break; case 7: G7 = TV.Fma(a, b, G7); break; case 8: G8 = TV.Fma(a, b, G8); break;
            case 9: G9 = TV.Fma(a, b, G9); break; case 10: G10 = TV.Fma(a, b, G10); break; case 11: G11 = TV.Fma(a, b, G11); break;
            case 12: G12 = TV.Fma(a, b, G12); break; case 13: G13 = TV.Fma(a, b, G13); break; case 14: G14 = TV.Fma(a, b, G14); break;
            case 15: G15 = TV.Fma(a, b, G15); break; case 16: G16 = TV.Fma(a, b, G16); break; case 17: G17 = TV.Fma(a, b, G17); break;
            case 18: G18 = TV.Fma(a, b, G18); break; case 19: G19 = TV.Fma(a, b, G19); break; case 20: G20 = TV.Fma(a, b, G20); break;
        }
    }
}

/// <summary>
/// The elementwise core of a learnable activation: y = f(x; c) and, in one pass, g·∂y/∂x together with the
/// contributions g·∂y/∂θₘ to the per-set sums. Written once over <see cref="IFloatLanes{TV}"/>; stateless (every
/// constant comes in <see cref="Coefs{TV}"/>), so the JIT specialises <see cref="SetKernel"/> per struct. The counts
/// are compile-time constants (at most <see cref="SetLanes.MaxCount"/>): the engine moves only those fields.
/// </summary>
internal interface ISetKernel
{
    /// <summary>How many of C0.. the kernel reads.</summary>
    static abstract int CoefficientCount { get; }
    /// <summary>How many of G0.. the kernel accumulates.</summary>
    static abstract int GradientCount { get; }
    /// <summary>y = f(x).</summary>
    static abstract TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV>;
    /// <summary>Returns g·∂y/∂x (or whatever the pass stores) and adds g·∂y/∂θₘ to acc.Gₘ.</summary>
    static abstract TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>;
}

/// <summary>
/// A kernel run only through <see cref="SetKernel.Backward{TOp}"/>, as a reduction or a second pass over saved data
/// (batch statistics, row sums): its forward is the identity, never a layer's output.
/// </summary>
internal interface IReductionKernel : ISetKernel
{
    static TV ISetKernel.Forward<TV>(TV x, in Coefs<TV> c) => x;
}

/// <summary>Moves the fields a kernel declares between memory and <see cref="Coefs{TV}"/> / <see cref="Grads{TV}"/>.</summary>
/// <remarks>Each line tests a compile-time count, so the JIT keeps only the lines the kernel needs.</remarks>
internal static class SetLanes
{
    /// <summary>Most coefficients or gradients per set (PAU at degrees 10/10).</summary>
    public const int MaxCount = 21;

    /// <summary>Set constants from <paramref name="at"/> broadcast to every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Coefs<TV> Broadcast<TOp, TV>(float[] coef, int at) where TOp : struct, ISetKernel where TV : struct, IFloatLanes<TV>
    {
        int k = TOp.CoefficientCount;
        Unsafe.SkipInit(out Coefs<TV> c);
        if (k > 0) c.C0 = coef[at + 0]; if (k > 1) c.C1 = coef[at + 1]; if (k > 2) c.C2 = coef[at + 2];
        if (k > 3) c.C3 = coef[at + 3]; if (k > 4) c.C4 = coef[at + 4]; if (k > 5) c.C5 = coef[at + 5];
        if (k > 6) c.C6 = coef[at + 6]; if (k > 7) c.C7 = coef[at + 7]; if (k > 8) c.C8 = coef[at + 8];
        if (k > 9) c.C9 = coef[at + 9]; if (k > 10) c.C10 = coef[at + 10]; if (k > 11) c.C11 = coef[at + 11];
        if (k > 12) c.C12 = coef[at + 12]; if (k > 13) c.C13 = coef[at + 13]; if (k > 14) c.C14 = coef[at + 14];
        if (k > 15) c.C15 = coef[at + 15]; if (k > 16) c.C16 = coef[at + 16]; if (k > 17) c.C17 = coef[at + 17];
        if (k > 18) c.C18 = coef[at + 18]; if (k > 19) c.C19 = coef[at + 19]; if (k > 20) c.C20 = coef[at + 20];
        return c;
    }

    /// <summary>Per-lane constants from a table of K rows of <paramref name="stride"/> positions, at position <paramref name="j"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Coefs<TV> Load<TOp, TV>(ref float p, int stride, nuint j) where TOp : struct, ISetKernel where TV : struct, IFloatLanes<TV>
    {
        int k = TOp.CoefficientCount; nuint s = (nuint)stride;
        Unsafe.SkipInit(out Coefs<TV> c);
        if (k > 0) c.C0 = TV.Load(ref p, j); if (k > 1) c.C1 = TV.Load(ref p, j + 1 * s); if (k > 2) c.C2 = TV.Load(ref p, j + 2 * s);
        if (k > 3) c.C3 = TV.Load(ref p, j + 3 * s); if (k > 4) c.C4 = TV.Load(ref p, j + 4 * s); if (k > 5) c.C5 = TV.Load(ref p, j + 5 * s);
        if (k > 6) c.C6 = TV.Load(ref p, j + 6 * s); if (k > 7) c.C7 = TV.Load(ref p, j + 7 * s); if (k > 8) c.C8 = TV.Load(ref p, j + 8 * s);
        if (k > 9) c.C9 = TV.Load(ref p, j + 9 * s); if (k > 10) c.C10 = TV.Load(ref p, j + 10 * s); if (k > 11) c.C11 = TV.Load(ref p, j + 11 * s);
        if (k > 12) c.C12 = TV.Load(ref p, j + 12 * s); if (k > 13) c.C13 = TV.Load(ref p, j + 13 * s); if (k > 14) c.C14 = TV.Load(ref p, j + 14 * s);
        if (k > 15) c.C15 = TV.Load(ref p, j + 15 * s); if (k > 16) c.C16 = TV.Load(ref p, j + 16 * s); if (k > 17) c.C17 = TV.Load(ref p, j + 17 * s);
        if (k > 18) c.C18 = TV.Load(ref p, j + 18 * s); if (k > 19) c.C19 = TV.Load(ref p, j + 19 * s); if (k > 20) c.C20 = TV.Load(ref p, j + 20 * s);
        return c;
    }

    /// <summary>Per-lane float sums from M rows of <paramref name="stride"/> positions, at position <paramref name="j"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Grads<TV> LoadGrads<TOp, TV>(ref float p, int stride, nuint j) where TOp : struct, ISetKernel where TV : struct, IFloatLanes<TV>
    {
        int m = TOp.GradientCount; nuint s = (nuint)stride;
        Unsafe.SkipInit(out Grads<TV> a);
        if (m > 0) a.G0 = TV.Load(ref p, j); if (m > 1) a.G1 = TV.Load(ref p, j + 1 * s); if (m > 2) a.G2 = TV.Load(ref p, j + 2 * s);
        if (m > 3) a.G3 = TV.Load(ref p, j + 3 * s); if (m > 4) a.G4 = TV.Load(ref p, j + 4 * s); if (m > 5) a.G5 = TV.Load(ref p, j + 5 * s);
        if (m > 6) a.G6 = TV.Load(ref p, j + 6 * s); if (m > 7) a.G7 = TV.Load(ref p, j + 7 * s); if (m > 8) a.G8 = TV.Load(ref p, j + 8 * s);
        if (m > 9) a.G9 = TV.Load(ref p, j + 9 * s); if (m > 10) a.G10 = TV.Load(ref p, j + 10 * s); if (m > 11) a.G11 = TV.Load(ref p, j + 11 * s);
        if (m > 12) a.G12 = TV.Load(ref p, j + 12 * s); if (m > 13) a.G13 = TV.Load(ref p, j + 13 * s); if (m > 14) a.G14 = TV.Load(ref p, j + 14 * s);
        if (m > 15) a.G15 = TV.Load(ref p, j + 15 * s); if (m > 16) a.G16 = TV.Load(ref p, j + 16 * s); if (m > 17) a.G17 = TV.Load(ref p, j + 17 * s);
        if (m > 18) a.G18 = TV.Load(ref p, j + 18 * s); if (m > 19) a.G19 = TV.Load(ref p, j + 19 * s); if (m > 20) a.G20 = TV.Load(ref p, j + 20 * s);
        return a;
    }

    /// <summary>Stores what <see cref="LoadGrads{TOp, TV}"/> loaded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreGrads<TOp, TV>(ref float p, int stride, nuint j, in Grads<TV> a) where TOp : struct, ISetKernel where TV : struct, IFloatLanes<TV>
    {
        int m = TOp.GradientCount; nuint s = (nuint)stride;
        if (m > 0) TV.Store(a.G0, ref p, j); if (m > 1) TV.Store(a.G1, ref p, j + 1 * s); if (m > 2) TV.Store(a.G2, ref p, j + 2 * s);
        if (m > 3) TV.Store(a.G3, ref p, j + 3 * s); if (m > 4) TV.Store(a.G4, ref p, j + 4 * s); if (m > 5) TV.Store(a.G5, ref p, j + 5 * s);
        if (m > 6) TV.Store(a.G6, ref p, j + 6 * s); if (m > 7) TV.Store(a.G7, ref p, j + 7 * s); if (m > 8) TV.Store(a.G8, ref p, j + 8 * s);
        if (m > 9) TV.Store(a.G9, ref p, j + 9 * s); if (m > 10) TV.Store(a.G10, ref p, j + 10 * s); if (m > 11) TV.Store(a.G11, ref p, j + 11 * s);
        if (m > 12) TV.Store(a.G12, ref p, j + 12 * s); if (m > 13) TV.Store(a.G13, ref p, j + 13 * s); if (m > 14) TV.Store(a.G14, ref p, j + 14 * s);
        if (m > 15) TV.Store(a.G15, ref p, j + 15 * s); if (m > 16) TV.Store(a.G16, ref p, j + 16 * s); if (m > 17) TV.Store(a.G17, ref p, j + 17 * s);
        if (m > 18) TV.Store(a.G18, ref p, j + 18 * s); if (m > 19) TV.Store(a.G19, ref p, j + 19 * s); if (m > 20) TV.Store(a.G20, ref p, j + 20 * s);
    }

    /// <summary>Zeroed sums (only the declared fields).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Grads<TV> Zero<TOp, TV>() where TOp : struct, ISetKernel where TV : struct, IFloatLanes<TV>
    {
        int m = TOp.GradientCount;
        Unsafe.SkipInit(out Grads<TV> a);
        if (m > 0) a.G0 = default; if (m > 1) a.G1 = default; if (m > 2) a.G2 = default;
        if (m > 3) a.G3 = default; if (m > 4) a.G4 = default; if (m > 5) a.G5 = default;
        if (m > 6) a.G6 = default; if (m > 7) a.G7 = default; if (m > 8) a.G8 = default;
        if (m > 9) a.G9 = default; if (m > 10) a.G10 = default; if (m > 11) a.G11 = default;
        if (m > 12) a.G12 = default; if (m > 13) a.G13 = default; if (m > 14) a.G14 = default;
        if (m > 15) a.G15 = default; if (m > 16) a.G16 = default; if (m > 17) a.G17 = default;
        if (m > 18) a.G18 = default; if (m > 19) a.G19 = default; if (m > 20) a.G20 = default;
        return a;
    }

    /// <summary>Folds the lane sums <paramref name="a"/> and the scalar tail's <paramref name="b"/> into double sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fold<TOp, TV>(in Grads<TV> a, in Grads<Float1> b, Span<double> sums) where TOp : struct, ISetKernel where TV : struct, IFloatLanes<TV>
    {
        int m = TOp.GradientCount;
        if (m > 0) sums[0] += (double)TV.Sum(a.G0) + b.G0.V; if (m > 1) sums[1] += (double)TV.Sum(a.G1) + b.G1.V; if (m > 2) sums[2] += (double)TV.Sum(a.G2) + b.G2.V;
        if (m > 3) sums[3] += (double)TV.Sum(a.G3) + b.G3.V; if (m > 4) sums[4] += (double)TV.Sum(a.G4) + b.G4.V; if (m > 5) sums[5] += (double)TV.Sum(a.G5) + b.G5.V;
        if (m > 6) sums[6] += (double)TV.Sum(a.G6) + b.G6.V; if (m > 7) sums[7] += (double)TV.Sum(a.G7) + b.G7.V; if (m > 8) sums[8] += (double)TV.Sum(a.G8) + b.G8.V;
        if (m > 9) sums[9] += (double)TV.Sum(a.G9) + b.G9.V; if (m > 10) sums[10] += (double)TV.Sum(a.G10) + b.G10.V; if (m > 11) sums[11] += (double)TV.Sum(a.G11) + b.G11.V;
        if (m > 12) sums[12] += (double)TV.Sum(a.G12) + b.G12.V; if (m > 13) sums[13] += (double)TV.Sum(a.G13) + b.G13.V; if (m > 14) sums[14] += (double)TV.Sum(a.G14) + b.G14.V;
        if (m > 15) sums[15] += (double)TV.Sum(a.G15) + b.G15.V; if (m > 16) sums[16] += (double)TV.Sum(a.G16) + b.G16.V; if (m > 17) sums[17] += (double)TV.Sum(a.G17) + b.G17.V;
        if (m > 18) sums[18] += (double)TV.Sum(a.G18) + b.G18.V; if (m > 19) sums[19] += (double)TV.Sum(a.G19) + b.G19.V; if (m > 20) sums[20] += (double)TV.Sum(a.G20) + b.G20.V;
    }
}

/// <summary>A count known to the type system (a kernel's order or degree as a type parameter).</summary>
internal interface ICount
{
    /// <summary>The count.</summary>
    static abstract int Value { get; }
}

internal readonly struct Count1 : ICount { public static int Value => 1; }
internal readonly struct Count2 : ICount { public static int Value => 2; }
internal readonly struct Count3 : ICount { public static int Value => 3; }
internal readonly struct Count4 : ICount { public static int Value => 4; }
internal readonly struct Count5 : ICount { public static int Value => 5; }
internal readonly struct Count6 : ICount { public static int Value => 6; }
internal readonly struct Count7 : ICount { public static int Value => 7; }
internal readonly struct Count8 : ICount { public static int Value => 8; }

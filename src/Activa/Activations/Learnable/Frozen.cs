namespace Activa.Activations.Learnable;

/// <summary>
/// A learnable activation's kernel with its coefficients frozen, as a fixed operator's forward and derivative. The
/// fixed activations that have a learnable twin (snake, sine, apa, aglu, xatlu, elephant, cauchy, poly-relu) compute
/// with the learnable kernel, so each of these functions has one forward and one derivative.
/// </summary>
internal static class Frozen
{
    /// <summary>Per-set constants C0..C3 from scalars (a kernel reads only the ones it declares).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Coefs<TV> Coefs<TV>(float c0, float c1 = 0f, float c2 = 0f, float c3 = 0f) where TV : struct, IFloatLanes<TV>
    {
        Unsafe.SkipInit(out Coefs<TV> c);
        c.C0 = c0;
        c.C1 = c1;
        c.C2 = c2;
        c.C3 = c3;
        return c;
    }

    /// <summary>f′(x): the kernel's backward with an upstream gradient of 1; its parameter sums are discarded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Slope<TKernel, TV>(TV x, in Coefs<TV> c) where TKernel : struct, ISetKernel where TV : struct, IFloatLanes<TV>
    {
        Unsafe.SkipInit(out Grads<TV> unused);
        return TKernel.Backward(x, 1f, c, ref unused);
    }
}

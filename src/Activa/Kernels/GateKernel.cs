using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Activations;

namespace Activa.Kernels;

/// <summary>
/// The fused gate-multiply of a gated linear unit over rows of [value | gate] halves: y = a ⊙ f(b), and its
/// backward da = g ⊙ f(b), db = g ⊙ a ⊙ f′(b). Specialised per activation struct when the activation is one of the
/// catalogue's fixed operators, scalar through <see cref="IActivation"/> otherwise.
/// </summary>
internal abstract class GateKernel
{
    /// <summary>Rows per parallel item come from this many elements.</summary>
    protected const int MinItemElements = 1 << 14;

    /// <summary>y[r, j] = h[r, j]·f(h[r, half + j]) for r in [r0, r1).</summary>
    protected abstract void ForwardRows(float[] h, int ho, float[] y, int half, int r0, int r1);

    /// <summary>dh from g for rows [r0, r1).</summary>
    protected abstract void BackwardRows(float[] h, int ho, float[] g, int go, float[] dh, int half, int r0, int r1);

    /// <summary>The kernel for <paramref name="activation"/>: the catalogue operator's own (built once), else a scalar one.</summary>
    public static GateKernel For(IActivation activation) =>
        activation is IGateKernelSource source ? source.GateKernel : new ScalarGateKernel(activation);

    /// <summary>Forward over [rows, 2·half] → [rows, half].</summary>
    public void Forward(float[] h, int ho, float[] y, int rows, int half) =>
        Split(rows, half, (r0, r1) => ForwardRows(h, ho, y, half, r0, r1));

    /// <summary>Backward: dh [rows, 2·half] from g [rows, half].</summary>
    public void Backward(float[] h, int ho, float[] g, int go, float[] dh, int rows, int half) =>
        Split(rows, half, (r0, r1) => BackwardRows(h, ho, g, go, dh, half, r0, r1));

    private static void Split(int rows, int half, Action<int, int> body) => Parallelism.ForRows(rows, half, MinItemElements, body);
}

/// <summary>An activation that carries its own specialised gate kernel.</summary>
internal interface IGateKernelSource
{
    /// <summary>The gate kernel of this activation.</summary>
    GateKernel GateKernel { get; }
}

/// <summary>Vectorised gate kernel for a catalogue operator <typeparamref name="TOp"/>: one generic body per direction,
/// run at 16 and 8 lanes, then one for the tail.</summary>
internal sealed class GateKernel<TOp>(TOp op) : GateKernel where TOp : struct, IFixedActivation<TOp>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV D<TV>(TV b, TV f) where TV : struct, IFloatLanes<TV> => TOp.Uses switch
    {
        DerivativeInput.Input => op.Derivative(b, b),
        DerivativeInput.Output => op.Derivative(f, f),
        _ => op.Derivative(b, f),
    };

    protected override void ForwardRows(float[] h, int ho, float[] y, int half, int r0, int r1)
    {
        ref float ph = ref MemoryMarshal.GetArrayDataReference(h);
        ref float py = ref MemoryMarshal.GetArrayDataReference(y);
        for (int r = r0; r < r1; r++)
        {
            ref float a = ref Unsafe.Add(ref ph, ho + r * 2 * half);
            ref float b = ref Unsafe.Add(ref a, half);
            ref float o = ref Unsafe.Add(ref py, r * half);
            nuint j = 0, n = (nuint)half;
            if (Vector512.IsHardwareAccelerated) j = ForwardLanes<Float16>(ref a, ref b, ref o, j, n);
            if (Vector256.IsHardwareAccelerated) j = ForwardLanes<Float8>(ref a, ref b, ref o, j, n);
            ForwardLanes<Float1>(ref a, ref b, ref o, j, n);
        }
    }

    // Never inlined, so that each width gets the JIT's whole inlining budget (see Elementwise.ForwardLanes).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private nuint ForwardLanes<TV>(ref float a, ref float b, ref float o, nuint j, nuint n) where TV : struct, IFloatLanes<TV>
    {
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w)
            TV.Store(TV.Load(ref a, j) * op.Forward(TV.Load(ref b, j)), ref o, j);
        return j;
    }

    protected override void BackwardRows(float[] h, int ho, float[] g, int go, float[] dh, int half, int r0, int r1)
    {
        ref float ph = ref MemoryMarshal.GetArrayDataReference(h);
        ref float pg = ref MemoryMarshal.GetArrayDataReference(g);
        ref float pd = ref MemoryMarshal.GetArrayDataReference(dh);
        for (int r = r0; r < r1; r++)
        {
            ref float a = ref Unsafe.Add(ref ph, ho + r * 2 * half);
            ref float b = ref Unsafe.Add(ref a, half);
            ref float gr = ref Unsafe.Add(ref pg, go + r * half);
            ref float da = ref Unsafe.Add(ref pd, r * 2 * half);
            ref float db = ref Unsafe.Add(ref da, half);
            nuint j = 0, n = (nuint)half;
            if (Vector512.IsHardwareAccelerated) j = BackwardLanes<Float16>(ref a, ref b, ref gr, ref da, ref db, j, n);
            if (Vector256.IsHardwareAccelerated) j = BackwardLanes<Float8>(ref a, ref b, ref gr, ref da, ref db, j, n);
            BackwardLanes<Float1>(ref a, ref b, ref gr, ref da, ref db, j, n);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private nuint BackwardLanes<TV>(ref float a, ref float b, ref float g, ref float da, ref float db, nuint j, nuint n)
        where TV : struct, IFloatLanes<TV>
    {
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w)
        {
            TV bv = TV.Load(ref b, j), f = op.Forward(bv), gv = TV.Load(ref g, j);
            TV.Store(gv * f, ref da, j);
            TV.Store(gv * TV.Load(ref a, j) * D(bv, f), ref db, j);
        }
        return j;
    }
}

/// <summary>Scalar fallback through <see cref="IActivation.Value"/> and <see cref="IActivation.Derivative"/> (e.g. RReLU in evaluation form).</summary>
internal sealed class ScalarGateKernel(IActivation activation) : GateKernel
{
    protected override void ForwardRows(float[] h, int ho, float[] y, int half, int r0, int r1)
    {
        for (int r = r0; r < r1; r++)
            for (int j = 0; j < half; j++)
                y[r * half + j] = h[ho + r * 2 * half + j] * activation.Value(h[ho + r * 2 * half + half + j]);
    }

    protected override void BackwardRows(float[] h, int ho, float[] g, int go, float[] dh, int half, int r0, int r1)
    {
        for (int r = r0; r < r1; r++)
            for (int j = 0; j < half; j++)
            {
                float a = h[ho + r * 2 * half + j], b = h[ho + r * 2 * half + half + j], gv = g[go + r * half + j];
                dh[r * 2 * half + j] = gv * activation.Value(b);
                dh[r * 2 * half + half + j] = gv * a * activation.Derivative(b);
            }
    }
}

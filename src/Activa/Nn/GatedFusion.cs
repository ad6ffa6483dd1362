using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Nn;

/// <summary>
/// The gated fusion of PGN's cell (Jia et al., "PGN: The RNN's New Successor is Effective for Long-Range Time Series
/// Forecasting", NeurIPS 2024), fused into one op: for pre-activations [g | c] (the two halves of the last axis) and a
/// state h of half that width, out = G⊙h + (1 − G)⊙Ĥ with G = σ(g), Ĥ = tanh(c).
/// </summary>
/// <remarks>
/// One pass forward (vectorised sigmoid and tanh) that keeps G and Ĥ, and one pass backward:
/// dh = dout⊙G, dg = dout⊙(h − Ĥ)⊙G(1 − G), dc = dout⊙(1 − G)(1 − Ĥ²). Composed from separate ops the same cell
/// takes seven passes over memory each way.
/// </remarks>
public static class GatedFusion
{
    private const int MinItemElements = 1 << 14;

    /// <summary>out = σ(g)⊙h + (1 − σ(g))⊙tanh(c) for <paramref name="gates"/> [..., 2d] = [g | c] and <paramref name="state"/> [..., d].</summary>
    public static Tensor Apply(Tensor gates, Tensor state)
    {
        int d = state.Rank == 0 ? 0 : state.Size(-1);
        bool shapesFit = gates.Rank == state.Rank && gates.Rank >= 1 && gates.Size(-1) == 2 * d;
        for (int i = 0; shapesFit && i < gates.Rank - 1; i++) shapesFit = gates.Size(i) == state.Size(i);
        if (!shapesFit)
            throw new ShapeMismatchException("gated_fusion", $"gates {Shape.Format(gates.Shape)} must be state {Shape.Format(state.Shape)} with a last axis twice as wide");
        var gc = gates.Contiguous();
        var h = state.Contiguous();
        int rows = d == 0 ? 0 : h.Numel / d;
        var y = Tensor.Empty(h.Shape);
        var act = StoragePool.Rent(rows * 2 * d); // G and Ĥ for the backward
        Split(rows, d, (r0, r1) => ForwardRows(gc.Storage, gc.Offset, 2 * d, h.Storage, h.Offset, d, y.Storage, act, d, r0, r1));
        var result = Tensor.Record(y, "gated_fusion", [gates, state], g =>
        {
            var go = g.Contiguous();
            var dgc = Tensor.Empty(gates.Dims);
            var dh = Tensor.Empty(state.Dims);
            Split(rows, d, (r0, r1) => BackwardRows(act, h.Storage, h.Offset, d, go.Storage, go.Offset, dgc.Storage, 0, 2 * d, dh.Storage, 0, d, d, r0, r1));
            return [gates.RequiresGrad ? dgc : null, state.RequiresGrad ? dh : null];
        }, readsOutput: false, onRelease: () => StoragePool.Return(act));
        if (!result.RequiresGrad) StoragePool.Return(act);
        return result;
    }

    /// <summary>
    /// The same fusion with the state and both pre-activations packed in one tensor: <paramref name="packed"/>
    /// [..., 3d] = [h | g | c] → σ(g)⊙h + (1 − σ(g))⊙tanh(c) [..., d]; the gradient is one tensor [..., 3d] likewise.
    /// For producers that compute all three with one GEMM (<see cref="PgnLayer"/> on short sequences).
    /// </summary>
    public static Tensor ApplyPacked(Tensor packed) => ApplyPacked(packed, ownsInput: false);

    /// <summary>
    /// <see cref="ApplyPacked(Tensor)"/> for a caller that hands over <paramref name="packed"/>'s buffer: nothing else
    /// reads it once the fusion's backward has run (or, without a graph, once the forward has), so it goes back to the
    /// pool then and serves the next step instead of fresh memory (<see cref="PgnLayer"/>'s pre-activations, megabytes a
    /// step, would otherwise land on the large-object heap and cost a full collection each step).
    /// </summary>
    internal static Tensor ApplyPacked(Tensor packed, bool ownsInput)
    {
        int w = packed.Rank == 0 ? 0 : packed.Size(-1);
        if (packed.Rank < 1 || w % 3 != 0)
            throw new ShapeMismatchException("gated_fusion_packed", $"input {Shape.Format(packed.Shape)} must end in 3·d features [h | g | c]");
        int d = w / 3;
        var z = packed.Contiguous();
        int rows = d == 0 ? 0 : z.Numel / w;
        var outDims = (int[])packed.Dims.Clone();
        outDims[^1] = d;
        var y = Tensor.Empty(outDims);
        var act = StoragePool.Rent(rows * 2 * d);
        Split(rows, d, (r0, r1) => ForwardRows(z.Storage, z.Offset + d, w, z.Storage, z.Offset, w, y.Storage, act, d, r0, r1));
        var result = Tensor.Record(y, "gated_fusion", [packed], g =>
        {
            var go = g.Contiguous();
            var dz = Tensor.Empty(packed.Dims);
            Split(rows, d, (r0, r1) => BackwardRows(act, z.Storage, z.Offset, w, go.Storage, go.Offset, dz.Storage, d, w, dz.Storage, 0, w, d, r0, r1));
            return [dz];
        }, readsOutput: false, onRelease: () => Release(act, z, ownsInput || !ReferenceEquals(z.Storage, packed.Storage)));
        if (!result.RequiresGrad) Release(act, z, ownsInput || !ReferenceEquals(z.Storage, packed.Storage));
        return result;
    }

    /// <summary>Returns the saved activations, and the packed input when this op owns it (handed over, or its own contiguous copy).</summary>
    private static void Release(float[] act, Tensor z, bool ownsZ)
    {
        StoragePool.Return(act);
        if (ownsZ) StoragePool.Return(z.Storage);
    }

    private static void Split(int rows, int d, Action<int, int> body) => Parallelism.ForRows(rows, d, MinItemElements, body);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardRows(float[] gc, int gco, int gcStride, float[] h, int ho, int hStride, float[] y, float[] act, int d, int r0, int r1)
    {
        ref float pgc = ref MemoryMarshal.GetArrayDataReference(gc);
        ref float ph = ref MemoryMarshal.GetArrayDataReference(h);
        ref float py = ref MemoryMarshal.GetArrayDataReference(y);
        ref float pa = ref MemoryMarshal.GetArrayDataReference(act);
        for (int r = r0; r < r1; r++)
        {
            ref float g = ref Unsafe.Add(ref pgc, gco + r * gcStride);
            ref float c = ref Unsafe.Add(ref g, d);
            ref float hr = ref Unsafe.Add(ref ph, ho + r * hStride);
            ref float yr = ref Unsafe.Add(ref py, r * d);
            ref float ag = ref Unsafe.Add(ref pa, r * 2 * d);
            ref float ac = ref Unsafe.Add(ref ag, d);
            nuint j = 0, n = (nuint)d;
            if (Vector512.IsHardwareAccelerated) j = GateLanes<Float16>(ref g, ref ag, j, n);
            if (Vector256.IsHardwareAccelerated) j = GateLanes<Float8>(ref g, ref ag, j, n);
            GateLanes<Float1>(ref g, ref ag, j, n);
            j = 0;
            if (Vector512.IsHardwareAccelerated) j = FuseLanes<Float16>(ref c, ref hr, ref yr, ref ag, ref ac, j, n);
            if (Vector256.IsHardwareAccelerated) j = FuseLanes<Float8>(ref c, ref hr, ref yr, ref ag, ref ac, j, n);
            FuseLanes<Float1>(ref c, ref hr, ref yr, ref ag, ref ac, j, n);
        }
    }

    // A lane loop is a method of its own so that each width gets the JIT's whole inlining budget (docs/architecture.md).
    // The row and lane loops are compiled fully optimised from the first call: they are called once per row, and with
    // tiered compilation their early (unoptimised, then instrumented) versions ran 5-10x slower for many steps.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nuint GateLanes<TV>(ref float g, ref float ag, nuint j, nuint n) where TV : struct, IFloatLanes<TV>
    {
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w) TV.Store(TV.Sigmoid(TV.Load(ref g, j)), ref ag, j);
        return j;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nuint FuseLanes<TV>(ref float c, ref float h, ref float y, ref float ag, ref float ac, nuint j, nuint n)
        where TV : struct, IFloatLanes<TV>
    {
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w)
        {
            TV cv = TV.Tanh(TV.Load(ref c, j));
            TV.Store(TV.Fma(TV.Load(ref ag, j), TV.Load(ref h, j) - cv, cv), ref y, j);
            TV.Store(cv, ref ac, j);
        }
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardRows(float[] act, float[] h, int ho, int hStride, float[] go, int goo, float[] dgc, int dgco, int dgcStride,
        float[] dh, int dho, int dhStride, int d, int r0, int r1)
    {
        ref float pa = ref MemoryMarshal.GetArrayDataReference(act);
        ref float ph = ref MemoryMarshal.GetArrayDataReference(h);
        ref float pg = ref MemoryMarshal.GetArrayDataReference(go);
        ref float pdgc = ref MemoryMarshal.GetArrayDataReference(dgc);
        ref float pdh = ref MemoryMarshal.GetArrayDataReference(dh);
        for (int r = r0; r < r1; r++)
        {
            ref float ag = ref Unsafe.Add(ref pa, r * 2 * d);
            ref float ac = ref Unsafe.Add(ref ag, d);
            ref float hr = ref Unsafe.Add(ref ph, ho + r * hStride);
            ref float gr = ref Unsafe.Add(ref pg, goo + r * d);
            ref float dg = ref Unsafe.Add(ref pdgc, dgco + r * dgcStride);
            ref float dc = ref Unsafe.Add(ref dg, d);
            ref float dhr = ref Unsafe.Add(ref pdh, dho + r * dhStride);
            nuint j = 0, n = (nuint)d;
            if (Vector512.IsHardwareAccelerated) j = BackwardLanes<Float16>(ref ag, ref ac, ref hr, ref gr, ref dg, ref dc, ref dhr, j, n);
            if (Vector256.IsHardwareAccelerated) j = BackwardLanes<Float8>(ref ag, ref ac, ref hr, ref gr, ref dg, ref dc, ref dhr, j, n);
            BackwardLanes<Float1>(ref ag, ref ac, ref hr, ref gr, ref dg, ref dc, ref dhr, j, n);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nuint BackwardLanes<TV>(ref float ag, ref float ac, ref float h, ref float go, ref float dg, ref float dc, ref float dh, nuint j, nuint n)
        where TV : struct, IFloatLanes<TV>
    {
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w)
        {
            TV gv = TV.Load(ref ag, j), cv = TV.Load(ref ac, j), o = TV.Load(ref go, j);
            TV.Store(o * gv, ref dh, j);
            TV.Store(o * (TV.Load(ref h, j) - cv) * gv * (1f - gv), ref dg, j);
            TV.Store(o * (1f - gv) * (1f - cv * cv), ref dc, j);
        }
        return j;
    }
}

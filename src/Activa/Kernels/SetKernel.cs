using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Autograd;

namespace Activa.Kernels;

/// <summary>
/// The one engine of the learnable activations: runs an <see cref="ISetKernel"/> over a contiguous [N, C, rest...]
/// tensor with constants per parameter set (layer, channel or group; see <see cref="SetPlan"/>), forward or backward
/// with per-set sums of the gradient contributions, and records the fused backward.
/// </summary>
/// <remarks>
/// Determinism: work items are fixed runs or tiles, never sized by thread count or timing; each item writes its own
/// partial sums (per run, or per tile and set), which are added in a fixed order at the end. A float lane sum takes
/// at most <see cref="FlushElements"/> elements of a run (or <see cref="FlushRows"/> rows of a tile) before it is
/// folded into double. Every kernel goes through this one flush policy and this one work split.
/// </remarks>
internal static class SetKernel
{
    /// <summary>Elements of a run summed in float before folding into double.</summary>
    public const int FlushElements = 4096;
    /// <summary>Rows of an expanded tile summed in float (per position) before folding into double.</summary>
    public const int FlushRows = 256;

    /// <summary>Lane width forced by tests on this thread (1, 8 or 16); 0 picks the widest accelerated one.</summary>
    [ThreadStatic] internal static int ForcedWidth;

    internal static int Width => ForcedWidth != 0 ? ForcedWidth
        : Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 1;

    /// <summary>
    /// Applies <typeparamref name="TOp"/> to <paramref name="input"/> ([N, C, ...], C = <paramref name="channels"/>) with
    /// per-set constants <paramref name="coef"/> ([groups × K] row-major) and records the backward, which returns the
    /// input gradient and the gradients of <paramref name="parameters"/> that <paramref name="parameterGradients"/>
    /// makes from the per-set sums Σ g·∂y/∂θₘ ([groups × M] row-major doubles).
    /// </summary>
    public static Tensor Apply<TOp>(string name, Tensor input, int channels, int groups, float[] coef,
        Tensor[] parameters, Func<double[], Tensor?[]>? parameterGradients) where TOp : struct, ISetKernel
    {
        var x = input.Contiguous();
        var plan = SetPlan.Make(x.Numel, channels, groups, x.Shape);
        var y = Tensor.Empty(x.Shape);
        int width = Width;
        Run<TOp>(plan, width, x.Storage, x.Offset, y.Storage, null, 0, null, coef, null);
        if (!GradMode.Enabled || !(input.RequiresGrad || parameters.Any(p => p.RequiresGrad))) return y;
        return Tensor.Record(y, name, [input, .. parameters], g =>
        {
            var gc = g.Contiguous();
            var gx = Tensor.Empty(x.Shape);
            var sums = new double[groups * TOp.GradientCount];
            Run<TOp>(plan, width, x.Storage, x.Offset, null, gc.Storage, gc.Offset, gx.Storage, coef, sums);
            var result = new Tensor?[1 + parameters.Length];
            result[0] = gx;
            if (parameterGradients != null)
            {
                var pg = parameterGradients(sums);
                for (int i = 0; i < parameters.Length; i++) result[1 + i] = pg[i];
            }
            return result;
        });
    }

    /// <summary>y = f(x) over a planned tensor (<paramref name="y"/> from offset 0).</summary>
    public static void Forward<TOp>(SetPlan plan, float[] x, int xo, float[] y, float[] coef) where TOp : struct, ISetKernel =>
        Run<TOp>(plan, Width, x, xo, y, null, 0, null, coef, null);

    /// <summary>
    /// The backward pass of <typeparamref name="TOp"/>: stores what it returns into <paramref name="gx"/> (from offset 0;
    /// null: not stored) and returns the per-set sums [groups × M].
    /// </summary>
    public static double[] Backward<TOp>(SetPlan plan, float[] x, int xo, float[] g, int go, float[]? gx, float[] coef) where TOp : struct, ISetKernel
    {
        var sums = new double[plan.Groups * TOp.GradientCount];
        Run<TOp>(plan, Width, x, xo, null, g, go, gx, coef, sums);
        return sums;
    }

    /// <summary>Column <paramref name="m"/> of the per-set sums times a per-set factor, as a float tensor [groups].</summary>
    public static Tensor Gradient(double[] sums, int gradientCount, int m, Func<int, double> factor)
    {
        int groups = sums.Length / gradientCount;
        var g = new float[groups];
        for (int s = 0; s < groups; s++) g[s] = (float)(sums[s * gradientCount + m] * factor(s));
        return Tensor.FromArray(g, groups);
    }

    /// <summary>Columns [<paramref name="from"/>, from + <paramref name="count"/>) of the per-set sums, as a float tensor [groups, count].</summary>
    public static Tensor Gradients(double[] sums, int groups, int gradientCount, int from, int count, float[]? factor = null)
    {
        var g = new float[groups * count];
        for (int s = 0; s < groups; s++)
            for (int i = 0; i < count; i++) g[s * count + i] = (float)sums[s * gradientCount + from + i] * (factor?[s * count + i] ?? 1f);
        return Tensor.FromArray(g, groups, count);
    }

    private static void Run<TOp>(SetPlan plan, int width, float[] x, int xo, float[]? y, float[]? g, int go, float[]? gx,
        float[] coef, double[]? sums) where TOp : struct, ISetKernel
    {
        if (plan.N == 0) return;
        switch (width)
        {
            case 16: Run<TOp, Float16>(plan, x, xo, y, g, go, gx, coef, sums); break;
            case 8: Run<TOp, Float8>(plan, x, xo, y, g, go, gx, coef, sums); break;
            default: Run<TOp, Float1>(plan, x, xo, y, g, go, gx, coef, sums); break;
        }
    }

    private static void Run<TOp, TV>(SetPlan plan, float[] x, int xo, float[]? y, float[]? g, int go, float[]? gx,
        float[] coef, double[]? sums) where TOp : struct, ISetKernel where TV : struct, IFloatLanes<TV>
    {
        int m = TOp.GradientCount, k = TOp.CoefficientCount;
        bool backward = sums != null;
        bool expanded = plan.Layout == SetLayout.Expanded;
        double[] partial = !backward || m == 0 ? []
            : expanded ? new double[plan.RowTiles * plan.TileSetTotal * m] : new double[plan.RunCount * m];
        float[] table = [];
        if (expanded)
        {
            table = new float[Math.Max(1, k) * plan.Block];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < plan.Block; j++) table[c * plan.Block + j] = coef[plan.BlockSet[j] * k + c];
        }
        var body = new SetBody<TOp, TV>(plan, x, xo, y, g, go, gx, coef, table, partial);
        if (plan.Items == 1 || plan.N < 2 * SetPlan.Chunk)
            for (int i = 0; i < plan.Items; i++) body.Run(i);
        else Parallelism.For(plan.Items, body);
        if (!backward || m == 0) return;
        // Partial sums are added in a fixed order (row tile, column tile, set; or run), whatever ran where.
        if (expanded)
        {
            for (int rt = 0; rt < plan.RowTiles; rt++)
                for (int ct = 0; ct < plan.ColTiles; ct++)
                {
                    int at = (rt * plan.TileSetTotal + plan.TileSetOffset[ct]) * m;
                    for (int s = 0; s < plan.TileSetCount[ct] * m; s++) sums![plan.TileSetLo[ct] * m + s] += partial[at + s];
                }
        }
        else
        {
            for (int r = 0; r < plan.RunCount; r++)
            {
                int s = plan.SetOfRun(r);
                for (int j = 0; j < m; j++) sums![s * m + j] += partial[r * m + j];
            }
        }
    }
}

/// <summary>One work item of <see cref="SetKernel"/>: a group of runs, or a tile of the expanded layout.</summary>
internal readonly struct SetBody<TOp, TV>(SetPlan plan, float[] x, int xo, float[]? y, float[]? g, int go, float[]? gx,
    float[] coef, float[] table, double[] partial) : IParallelBody where TOp : struct, ISetKernel where TV : struct, IFloatLanes<TV>
{
    public void Run(int item)
    {
        if (plan.Layout == SetLayout.Expanded)
        {
            int rt = item / plan.ColTiles, ct = item % plan.ColTiles;
            int b0 = rt * plan.RowsPerTile, b1 = Math.Min(plan.BlockCount, b0 + plan.RowsPerTile);
            int c0 = ct * plan.ColLen, c1 = Math.Min(plan.Block, c0 + plan.ColLen);
            if (y != null) ExpandedForward(b0, b1, c0, c1);
            else ExpandedBackward(rt, ct, b0, b1, c0, c1);
            return;
        }
        int r0 = item * plan.RunsPerItem, r1 = Math.Min(plan.RunCount, r0 + plan.RunsPerItem);
        for (int r = r0; r < r1; r++)
        {
            int start = r * plan.Run, len = Math.Min(plan.Run, plan.N - start);
            int at = plan.SetOfRun(r) * TOp.CoefficientCount;
            if (y != null) RunForward(start, len, at);
            else RunBackward(r, start, len, at);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunForward(int start, int len, int at)
    {
        var c = SetLanes.Broadcast<TOp, TV>(coef, at);
        var c1 = SetLanes.Broadcast<TOp, Float1>(coef, at);
        ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + start);
        ref float py = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y!), start);
        int whole = len / TV.Count * TV.Count;
        if (whole < len) ForwardTail(ref px, ref py, whole, len, c1);
        ForwardLanes(ref px, ref py, whole, c);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardLanes(ref float px, ref float py, int whole, Coefs<TV> c)
    {
        for (int i = 0; i < whole; i += TV.Count)
            TV.Store(TOp.Forward(TV.Load(ref px, (nuint)i), c), ref py, (nuint)i);
    }

    // The scalar tails, and the forward's vector loop, are methods of their own (the tails called before the vector
    // loop, so that nothing of it is live across the call): with the kernel inlined twice and the set constants
    // broadcast for two lane types in one method, the loops ran out of the JIT's inlining budget and called the lane
    // operations instead of inlining them (APA and AGLU 1.1-1.4x slower, measured) — the pitfall docs/architecture.md
    // describes for lane loops.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardTail(ref float px, ref float py, int i, int len, Coefs<Float1> c)
    {
        for (; i < len; i++) Float1.Store(TOp.Forward(Float1.Load(ref px, (nuint)i), c), ref py, (nuint)i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Grads<Float1> BackwardTail(ref float px, ref float pg, ref float pr, bool store, int i, int e, Coefs<Float1> c)
    {
        var acc = SetLanes.Zero<TOp, Float1>();
        for (; i < e; i++)
        {
            var v = TOp.Backward(Float1.Load(ref px, (nuint)i), Float1.Load(ref pg, (nuint)i), c, ref acc);
            if (store) Float1.Store(v, ref pr, (nuint)i);
        }
        return acc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunBackward(int r, int start, int len, int at)
    {
        var c = SetLanes.Broadcast<TOp, TV>(coef, at);
        var c1 = SetLanes.Broadcast<TOp, Float1>(coef, at);
        ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + start);
        ref float pg = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g!), go + start);
        bool store = gx != null;
        ref float pr = ref store ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(gx!), start) : ref px;
        int m = TOp.GradientCount;
        var sums = partial.AsSpan(m == 0 ? 0 : r * m, m);
        for (int b = 0; b < len; b += SetKernel.FlushElements)
        {
            int e = Math.Min(len, b + SetKernel.FlushElements), whole = b + (e - b) / TV.Count * TV.Count;
            var acc1 = whole < e ? BackwardTail(ref px, ref pg, ref pr, store, whole, e, c1) : SetLanes.Zero<TOp, Float1>();
            // The vector loop stays here: in a method of its own, the sums (a struct returned or passed by reference)
            // lived in memory rather than registers and PReLU's backward ran 2x slower (measured).
            var acc = SetLanes.Zero<TOp, TV>();
            for (int i = b; i < whole; i += TV.Count)
            {
                var v = TOp.Backward(TV.Load(ref px, (nuint)i), TV.Load(ref pg, (nuint)i), c, ref acc);
                if (store) TV.Store(v, ref pr, (nuint)i);
            }
            SetLanes.Fold<TOp, TV>(acc, acc1, sums);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ExpandedForward(int b0, int b1, int c0, int c1)
    {
        int block = plan.Block;
        ref float ce = ref MemoryMarshal.GetArrayDataReference(table);
        for (int b = b0; b < b1; b++)
        {
            int start = b * block, end = Math.Min(c1, plan.N - start), j = c0;
            ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + start);
            ref float py = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y!), start);
            for (; j <= end - TV.Count; j += TV.Count)
                TV.Store(TOp.Forward(TV.Load(ref px, (nuint)j), SetLanes.Load<TOp, TV>(ref ce, block, (nuint)j)), ref py, (nuint)j);
            for (; j < end; j++)
                Float1.Store(TOp.Forward(Float1.Load(ref px, (nuint)j), SetLanes.Load<TOp, Float1>(ref ce, block, (nuint)j)), ref py, (nuint)j);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ExpandedBackward(int rt, int ct, int b0, int b1, int c0, int c1)
    {
        int block = plan.Block, m = TOp.GradientCount, cols = c1 - c0;
        ref float ce = ref MemoryMarshal.GetArrayDataReference(table);
        // Per-position float sums of this tile: position j at j − c0 (stride cols per gradient).
        var accArray = new float[Math.Max(1, m) * cols];
        ref float acc = ref MemoryMarshal.GetArrayDataReference(accArray);
        bool store = gx != null;
        for (int b = b0; b < b1; b++)
        {
            int start = b * block, end = Math.Min(c1, plan.N - start), j = c0;
            ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + start);
            ref float pg = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g!), go + start);
            ref float pr = ref store ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(gx!), start) : ref px;
            for (; j <= end - TV.Count; j += TV.Count)
            {
                var a = SetLanes.LoadGrads<TOp, TV>(ref acc, cols, (nuint)(j - c0));
                var v = TOp.Backward(TV.Load(ref px, (nuint)j), TV.Load(ref pg, (nuint)j), SetLanes.Load<TOp, TV>(ref ce, block, (nuint)j), ref a);
                if (store) TV.Store(v, ref pr, (nuint)j);
                SetLanes.StoreGrads<TOp, TV>(ref acc, cols, (nuint)(j - c0), a);
            }
            for (; j < end; j++)
            {
                var a = SetLanes.LoadGrads<TOp, Float1>(ref acc, cols, (nuint)(j - c0));
                var v = TOp.Backward(Float1.Load(ref px, (nuint)j), Float1.Load(ref pg, (nuint)j), SetLanes.Load<TOp, Float1>(ref ce, block, (nuint)j), ref a);
                if (store) Float1.Store(v, ref pr, (nuint)j);
                SetLanes.StoreGrads<TOp, Float1>(ref acc, cols, (nuint)(j - c0), a);
            }
            if (m > 0 && ((b - b0 + 1) % SetKernel.FlushRows == 0 || b == b1 - 1)) Flush(rt, ct, c0, c1, accArray);
        }
    }

    /// <summary>Adds the tile's per-position float sums into its per-set double sums, in position order, and clears them.</summary>
    private void Flush(int rt, int ct, int c0, int c1, float[] accArray)
    {
        int m = TOp.GradientCount, cols = c1 - c0, at = (rt * plan.TileSetTotal + plan.TileSetOffset[ct]) * m;
        for (int c = 0; c < m; c++)
            for (int j = c0; j < c1; j++)
            {
                partial[at + plan.LocalSet[j] * m + c] += accArray[c * cols + j - c0];
                accArray[c * cols + j - c0] = 0;
            }
    }
}

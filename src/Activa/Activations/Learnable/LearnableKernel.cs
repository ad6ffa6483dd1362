using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Autograd;
using Activa.Kernels;

namespace Activa.Activations.Learnable;

/// <summary>Per-set constants of a learnable activation (derived from its parameters once per call), as lanes.</summary>
internal struct Coefs<TV> where TV : struct, IFloatLanes<TV>
{
    public TV C0, C1, C2, C3;
}

/// <summary>Running sums of the parameter-gradient contributions g·∂y/∂θₘ, as lanes.</summary>
internal struct Grads<TV> where TV : struct, IFloatLanes<TV>
{
    public TV G0, G1, G2;
}

/// <summary>
/// The elementwise core of a learnable activation: y = f(x; c) and, in one pass, g·∂y/∂x together with the
/// contributions g·∂y/∂θₘ to the parameter gradients. Written once over <see cref="IFloatLanes{TV}"/>; stateless (every
/// constant comes in <see cref="Coefs{TV}"/>), so the JIT specialises <see cref="LearnableKernel"/> per struct.
/// </summary>
internal interface ILearnableKernel
{
    /// <summary>How many of C0..C3 the kernel reads.</summary>
    static abstract int CoefficientCount { get; }
    /// <summary>How many of G0..G2 the kernel accumulates.</summary>
    static abstract int GradientCount { get; }
    /// <summary>y = f(x).</summary>
    static abstract TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV>;
    /// <summary>Returns g·∂y/∂x and adds g·∂y/∂θₘ to acc.Gₘ.</summary>
    static abstract TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>;
}

/// <summary>
/// Runs an <see cref="ILearnableKernel"/> over a contiguous [N, C, rest...] tensor with parameters shared per
/// layer, channel or group, and records the fused backward.
/// </summary>
/// <remarks>
/// <para>Element i has channel (i / rest) % C and parameter set channel / (C / G). The pass takes one of three
/// layouts: one set (layer sharing) — the array is cut into fixed runs with constants broadcast; long runs —
/// each run of rest·C/G consecutive elements (≥ <see cref="MinRun"/>) shares one set; short runs (e.g. per-feature
/// parameters of an [N, C] input) — the constants are expanded to one value per position of the period C·rest
/// (widened to a multiple of 16 lanes when it is short), the array is read as rows of that period cut into tiles
/// (at most 2048 positions, aligned to set boundaries, by at least 64 rows), and gradient contributions are summed
/// per position in float lanes, then per set in double.</para>
/// <para>Determinism: work items are fixed runs or tiles, never sized by thread count or timing; each item writes its
/// own partial sums (per run, or per tile and set), which are added in a fixed order at the end. A float partial sum
/// takes at most 4096 terms (256 per lane of 16) before it is folded into double.</para>
/// </remarks>
internal static class LearnableKernel
{
    /// <summary>Runs at least this long use broadcast constants; shorter ones use the expanded period.</summary>
    public const int MinRun = 64;
    /// <summary>Elements per work item (and per run when the whole layer shares one set).</summary>
    public const int Chunk = 1 << 15;
    private const int FlushElements = 4096;
    private const int FlushBlocks = 256;
    // Expanded layout: column tiles of at most this many positions, and at least this many rows per tile (which
    // bounds the partial sums to M·8/64 bytes per element even when every position has its own set).
    private const int MaxColumns = 2048;
    private const int MinTileRows = 64;

    /// <summary>Lane width forced by tests on this thread (1, 8 or 16); 0 picks the widest accelerated one.</summary>
    [ThreadStatic] internal static int ForcedWidth;

    internal static int Width => ForcedWidth != 0 ? ForcedWidth
        : Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 1;

    private enum Mode { Single, Runs, Expanded }

    /// <summary>How the elements map to parameter sets, and how the work is cut into items.</summary>
    private sealed class Plan
    {
        public int N, Groups;
        public Mode Mode;
        public int Run, RunCount, RunsPerItem;      // Single / Runs
        // Expanded: the array is a sequence of rows of Block positions (the period C·rest, widened to a multiple of
        // 16 when short; the last row may be partial), cut into tiles of RowsPerTile rows × ColLen positions.
        public int Block, BlockCount, ColLen, ColTiles, RowsPerTile, RowTiles;
        public int[] BlockSet = [];                  // parameter set of each position
        public int[] LocalSet = [];                  // set of each position relative to its column tile's first set
        public int[] TileSetLo = [], TileSetCount = [], TileSetOffset = [];
        public int TileSetTotal;                     // Σ TileSetCount: partial sums per row tile
        public int Items;

        public int SetOfRun(int r) => Mode == Mode.Single ? 0 : r % Groups;
    }

    private static Plan MakePlan(int n, int channels, int groups, ReadOnlySpan<int> shape)
    {
        int rest = 1;
        for (int d = 2; d < shape.Length; d++) rest *= shape[d];
        var p = new Plan { N = n, Groups = groups };
        long run = (long)rest * (channels / groups);
        if (groups == 1 || n == 0)
        {
            p.Mode = Mode.Single;
            p.Run = Chunk;
            p.RunCount = (n + Chunk - 1) / Chunk;
            p.RunsPerItem = 1;
        }
        else if (run >= MinRun)
        {
            p.Mode = Mode.Runs;
            p.Run = (int)run;
            p.RunCount = n / p.Run;
            p.RunsPerItem = Math.Max(1, Chunk / p.Run);
        }
        else
        {
            ExpandedPlan(p, channels, groups, rest, (int)run);
            return p;
        }
        p.Items = (p.RunCount + p.RunsPerItem - 1) / p.RunsPerItem;
        return p;
    }

    private static void ExpandedPlan(Plan p, int channels, int groups, int rest, int run)
    {
        p.Mode = Mode.Expanded;
        int period = channels * rest;
        bool widened = period % 16 != 0 && period < 256;
        p.Block = widened ? period / Gcd(period, 16) * 16 : period;
        p.BlockCount = (p.N + p.Block - 1) / p.Block;
        p.BlockSet = new int[p.Block];
        int perSet = channels / groups;
        for (int j = 0; j < p.Block; j++) p.BlockSet[j] = j % period / rest / perSet;
        // Long periods (many sets) are cut into column tiles aligned to set boundaries, so that a tile's partial
        // sums cover only its own sets; a widened block repeats its sets and stays whole.
        int unit = run / Gcd(run, 16) * 16;
        p.ColLen = widened || p.Block <= MaxColumns ? p.Block : Math.Max(unit, MaxColumns / unit * unit);
        p.ColTiles = (p.Block + p.ColLen - 1) / p.ColLen;
        p.RowsPerTile = Math.Max(MinTileRows, Chunk / p.ColLen);
        p.RowTiles = (p.BlockCount + p.RowsPerTile - 1) / p.RowsPerTile;
        p.Items = p.RowTiles * p.ColTiles;
        p.TileSetLo = new int[p.ColTiles];
        p.TileSetCount = new int[p.ColTiles];
        p.TileSetOffset = new int[p.ColTiles];
        p.LocalSet = new int[p.Block];
        for (int t = 0; t < p.ColTiles; t++)
        {
            int c0 = t * p.ColLen, c1 = Math.Min(p.Block, c0 + p.ColLen);
            int lo = widened ? 0 : p.BlockSet[c0], hi = widened ? groups - 1 : p.BlockSet[c1 - 1];
            p.TileSetLo[t] = lo;
            p.TileSetCount[t] = hi - lo + 1;
            p.TileSetOffset[t] = p.TileSetTotal;
            p.TileSetTotal += hi - lo + 1;
            for (int j = c0; j < c1; j++) p.LocalSet[j] = p.BlockSet[j] - lo;
        }
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>
    /// Applies kernel <typeparamref name="TOp"/> to <paramref name="input"/> ([N, C, ...] with C =
    /// <paramref name="channels"/>) with per-set constants <paramref name="coef"/> ([groups × K] row-major) and records
    /// the backward. The backward returns the input gradient and the gradients of <paramref name="parameters"/>, which
    /// <paramref name="parameterGradients"/> makes from the per-set sums Σ g·∂y/∂θₘ ([groups × M] row-major doubles).
    /// </summary>
    public static Tensor Apply<TOp>(string name, Tensor input, int channels, int groups, float[] coef,
        Tensor[] parameters, Func<double[], Tensor?[]>? parameterGradients) where TOp : struct, ILearnableKernel
    {
        var x = input.Contiguous();
        var plan = MakePlan(x.Numel, channels, groups, x.Shape);
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

    /// <summary>Column <paramref name="m"/> of the per-set sums times a per-set factor, as a float tensor [groups].</summary>
    public static Tensor Gradient(double[] sums, int gradientCount, int m, Func<int, double> factor)
    {
        int groups = sums.Length / gradientCount;
        var g = new float[groups];
        for (int s = 0; s < groups; s++) g[s] = (float)(sums[s * gradientCount + m] * factor(s));
        return Tensor.FromArray(g, groups);
    }

    /// <summary>The forward (<paramref name="y"/> given) or the backward (<paramref name="sums"/> given) pass.</summary>
    private static void Run<TOp>(Plan plan, int width, float[] x, int xo, float[]? y, float[]? g, int go, float[]? gx,
        float[] coef, double[]? sums) where TOp : struct, ILearnableKernel
    {
        if (plan.N == 0) return;
        switch (width)
        {
            case 16: Run<TOp, Float16>(plan, x, xo, y, g, go, gx, coef, sums); break;
            case 8: Run<TOp, Float8>(plan, x, xo, y, g, go, gx, coef, sums); break;
            default: Run<TOp, Float1>(plan, x, xo, y, g, go, gx, coef, sums); break;
        }
    }

    private static void Run<TOp, TV>(Plan plan, float[] x, int xo, float[]? y, float[]? g, int go, float[]? gx,
        float[] coef, double[]? sums) where TOp : struct, ILearnableKernel where TV : struct, IFloatLanes<TV>
    {
        int m = TOp.GradientCount, k = TOp.CoefficientCount;
        bool backward = sums != null;
        double[] partial = !backward || m == 0 ? []
            : plan.Mode == Mode.Expanded ? new double[plan.RowTiles * plan.TileSetTotal * m] : new double[plan.RunCount * m];
        float[] expanded = [];
        if (plan.Mode == Mode.Expanded)
        {
            expanded = new float[Math.Max(1, k) * plan.Block];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < plan.Block; j++) expanded[c * plan.Block + j] = coef[plan.BlockSet[j] * k + c];
        }
        var body = new Body<TOp, TV>(plan, x, xo, y, g, go, gx, coef, expanded, partial);
        if (plan.Items == 1 || plan.N < 2 * Chunk)
            for (int i = 0; i < plan.Items; i++) body.Run(i);
        else Parallelism.For(plan.Items, body);
        if (!backward || m == 0) return;
        // Partial sums are added in a fixed order (row tile, column tile, set), whatever ran where.
        if (plan.Mode == Mode.Expanded)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Coefs<TV> Broadcast<TOp, TV>(float[] coef, int at) where TOp : struct, ILearnableKernel where TV : struct, IFloatLanes<TV>
    {
        Unsafe.SkipInit(out Coefs<TV> c);
        if (TOp.CoefficientCount > 0) c.C0 = coef[at];
        if (TOp.CoefficientCount > 1) c.C1 = coef[at + 1];
        if (TOp.CoefficientCount > 2) c.C2 = coef[at + 2];
        if (TOp.CoefficientCount > 3) c.C3 = coef[at + 3];
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Coefs<TV> LoadCoefs<TOp, TV>(ref float ce, int block, nuint j) where TOp : struct, ILearnableKernel where TV : struct, IFloatLanes<TV>
    {
        // Only the fields the kernel reads are set: zeroing 256 bytes per vector would cost more than the kernel.
        Unsafe.SkipInit(out Coefs<TV> c);
        if (TOp.CoefficientCount > 0) c.C0 = TV.Load(ref ce, j);
        if (TOp.CoefficientCount > 1) c.C1 = TV.Load(ref ce, j + (nuint)block);
        if (TOp.CoefficientCount > 2) c.C2 = TV.Load(ref ce, j + 2 * (nuint)block);
        if (TOp.CoefficientCount > 3) c.C3 = TV.Load(ref ce, j + 3 * (nuint)block);
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Grads<TV> LoadGrads<TOp, TV>(ref float acc, int block, nuint j) where TOp : struct, ILearnableKernel where TV : struct, IFloatLanes<TV>
    {
        Unsafe.SkipInit(out Grads<TV> a);
        if (TOp.GradientCount > 0) a.G0 = TV.Load(ref acc, j);
        if (TOp.GradientCount > 1) a.G1 = TV.Load(ref acc, j + (nuint)block);
        if (TOp.GradientCount > 2) a.G2 = TV.Load(ref acc, j + 2 * (nuint)block);
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGrads<TOp, TV>(ref float acc, int block, nuint j, in Grads<TV> a) where TOp : struct, ILearnableKernel where TV : struct, IFloatLanes<TV>
    {
        if (TOp.GradientCount > 0) TV.Store(a.G0, ref acc, j);
        if (TOp.GradientCount > 1) TV.Store(a.G1, ref acc, j + (nuint)block);
        if (TOp.GradientCount > 2) TV.Store(a.G2, ref acc, j + 2 * (nuint)block);
    }

    private readonly struct Body<TOp, TV>(Plan plan, float[] x, int xo, float[]? y, float[]? g, int go, float[]? gx,
        float[] coef, float[] expanded, double[] partial) : IParallelBody where TOp : struct, ILearnableKernel where TV : struct, IFloatLanes<TV>
    {
        public void Run(int item)
        {
            if (plan.Mode == Mode.Expanded)
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

        private void RunForward(int start, int len, int at)
        {
            var c = Broadcast<TOp, TV>(coef, at);
            var c1 = Broadcast<TOp, Float1>(coef, at);
            ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + start);
            ref float py = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y!), start);
            int i = 0;
            for (; i <= len - TV.Count; i += TV.Count)
                TV.Store(TOp.Forward(TV.Load(ref px, (nuint)i), c), ref py, (nuint)i);
            for (; i < len; i++)
                Float1.Store(TOp.Forward(Float1.Load(ref px, (nuint)i), c1), ref py, (nuint)i);
        }

        private void RunBackward(int r, int start, int len, int at)
        {
            var c = Broadcast<TOp, TV>(coef, at);
            var c1 = Broadcast<TOp, Float1>(coef, at);
            ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + start);
            ref float pg = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g!), go + start);
            ref float pr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(gx!), start);
            double s0 = 0, s1 = 0, s2 = 0;
            for (int b = 0; b < len; b += FlushElements)
            {
                int e = Math.Min(len, b + FlushElements), i = b;
                var acc = default(Grads<TV>);
                for (; i <= e - TV.Count; i += TV.Count)
                    TV.Store(TOp.Backward(TV.Load(ref px, (nuint)i), TV.Load(ref pg, (nuint)i), c, ref acc), ref pr, (nuint)i);
                var acc1 = default(Grads<Float1>);
                for (; i < e; i++)
                    Float1.Store(TOp.Backward(Float1.Load(ref px, (nuint)i), Float1.Load(ref pg, (nuint)i), c1, ref acc1), ref pr, (nuint)i);
                if (TOp.GradientCount > 0) s0 += (double)TV.Sum(acc.G0) + acc1.G0.V;
                if (TOp.GradientCount > 1) s1 += (double)TV.Sum(acc.G1) + acc1.G1.V;
                if (TOp.GradientCount > 2) s2 += (double)TV.Sum(acc.G2) + acc1.G2.V;
            }
            int m = TOp.GradientCount;
            if (m > 0) partial[r * m] = s0;
            if (m > 1) partial[r * m + 1] = s1;
            if (m > 2) partial[r * m + 2] = s2;
        }

        private void ExpandedForward(int b0, int b1, int c0, int c1)
        {
            int block = plan.Block;
            ref float ce = ref MemoryMarshal.GetArrayDataReference(expanded);
            for (int b = b0; b < b1; b++)
            {
                int start = b * block, end = Math.Min(c1, plan.N - start), j = c0;
                ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + start);
                ref float py = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y!), start);
                for (; j <= end - TV.Count; j += TV.Count)
                    TV.Store(TOp.Forward(TV.Load(ref px, (nuint)j), LoadCoefs<TOp, TV>(ref ce, block, (nuint)j)), ref py, (nuint)j);
                for (; j < end; j++)
                    Float1.Store(TOp.Forward(Float1.Load(ref px, (nuint)j), LoadCoefs<TOp, Float1>(ref ce, block, (nuint)j)), ref py, (nuint)j);
            }
        }

        private void ExpandedBackward(int rt, int ct, int b0, int b1, int c0, int c1)
        {
            int block = plan.Block, m = TOp.GradientCount, cols = c1 - c0;
            ref float ce = ref MemoryMarshal.GetArrayDataReference(expanded);
            // Per-position float sums of this tile: position j at j − c0 (stride cols per gradient).
            var accArray = new float[Math.Max(1, m) * cols];
            ref float acc = ref MemoryMarshal.GetArrayDataReference(accArray);
            for (int b = b0; b < b1; b++)
            {
                int start = b * block, end = Math.Min(c1, plan.N - start), j = c0;
                ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + start);
                ref float pg = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g!), go + start);
                ref float pr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(gx!), start);
                for (; j <= end - TV.Count; j += TV.Count)
                {
                    var a = LoadGrads<TOp, TV>(ref acc, cols, (nuint)(j - c0));
                    TV.Store(TOp.Backward(TV.Load(ref px, (nuint)j), TV.Load(ref pg, (nuint)j), LoadCoefs<TOp, TV>(ref ce, block, (nuint)j), ref a), ref pr, (nuint)j);
                    StoreGrads<TOp, TV>(ref acc, cols, (nuint)(j - c0), a);
                }
                for (; j < end; j++)
                {
                    var a = LoadGrads<TOp, Float1>(ref acc, cols, (nuint)(j - c0));
                    Float1.Store(TOp.Backward(Float1.Load(ref px, (nuint)j), Float1.Load(ref pg, (nuint)j), LoadCoefs<TOp, Float1>(ref ce, block, (nuint)j), ref a), ref pr, (nuint)j);
                    StoreGrads<TOp, Float1>(ref acc, cols, (nuint)(j - c0), a);
                }
                if (m > 0 && ((b - b0 + 1) % FlushBlocks == 0 || b == b1 - 1)) Flush(rt, ct, c0, c1, accArray);
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
}

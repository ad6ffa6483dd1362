using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations.Learnable;

/// <summary>
/// One step of an elementwise op whose coefficients depend on the channel: reads x (and an optional second
/// stream g, e.g. the output gradient), the channel's coefficients c, adds per-channel reductions into acc
/// and returns the value to store (y, or the input gradient).
/// </summary>
internal interface IChannelOp
{
    /// <summary>Coefficients read per channel.</summary>
    int Coefficients { get; }
    /// <summary>Sums accumulated per channel (0 for a plain map).</summary>
    int Reductions { get; }
    /// <summary>The step on one lane width.</summary>
    TV Apply<TV>(TV x, TV g, ReadOnlySpan<TV> c, Span<TV> acc) where TV : unmanaged, IFloatLanes<TV>;
}

/// <summary>A contiguous tensor seen as [Outer, Channels, Inner]; channel of flat element i is (i / Inner) % Channels.</summary>
internal readonly record struct ChannelLayout(int Outer, int Channels, int Inner)
{
    /// <summary>[N, C, rest...] with C = dimension 1.</summary>
    public static ChannelLayout Of(Tensor x) => new(x.Dims[0], x.Dims[1], x.Dims[0] * x.Dims[1] == 0 ? 0 : x.Numel / (x.Dims[0] * x.Dims[1]));

    /// <summary>The whole tensor as one channel (layer sharing).</summary>
    public static ChannelLayout Flat(int numel) => new(1, 1, numel);

    /// <summary>Number of elements.</summary>
    public int Numel => Outer * Channels * Inner;
}

/// <summary>
/// Runs an <see cref="IChannelOp"/> over a tensor in one fused pass: vectorised along the channels when each
/// channel holds one element per row ([N, C]: coefficients are loaded per lane from a [K, C] table), and along
/// the run of a channel otherwise ([N, C, L] or the whole tensor under layer sharing: coefficients broadcast).
/// </summary>
/// <remarks>
/// Work is split into at most <see cref="MaxItems"/> items by the shape alone; each item reduces into its own
/// per-channel partial sums (float lanes flushed to double at least every <see cref="FlushElements"/> elements),
/// and the partials are added in item order, so results do not depend on threads or timing.
/// </remarks>
internal static class ChannelKernel
{
    /// <summary>Smallest item; smaller tensors run on the calling thread.</summary>
    public const int MinItemElements = 1 << 14;
    /// <summary>Smallest item of the row pass ([N, C] layout), whose items each fold R·C partial sums.</summary>
    public const int RowItemElements = 1 << 16;
    /// <summary>Most items per call (bounds the partial-sum memory).</summary>
    public const int MaxItems = 64;
    /// <summary>Float lane accumulators are flushed to double after this many elements per lane.</summary>
    public const int FlushElements = 1024;

    /// <summary>
    /// For every element: v = op(x, g, c[channel]); stores v into <paramref name="y"/> when given and returns the
    /// per-channel sums in <paramref name="reduce"/> ([Reductions, Channels], overwritten) when given.
    /// </summary>
    /// <param name="op">The per-element step.</param>
    /// <param name="layout">How the flat elements map to channels.</param>
    /// <param name="x">First input stream, from offset <paramref name="xo"/>.</param>
    /// <param name="xo">Offset of x.</param>
    /// <param name="g">Second input stream (pass x when unused), from offset <paramref name="go"/>.</param>
    /// <param name="go">Offset of g.</param>
    /// <param name="y">Output (null: not stored), from offset <paramref name="yo"/>.</param>
    /// <param name="yo">Offset of y.</param>
    /// <param name="coef">Coefficients [Coefficients, Channels] (row-major).</param>
    /// <param name="reduce">Per-channel sums [Reductions, Channels], or null when the op reduces nothing.</param>
    public static void Run<TOp>(TOp op, ChannelLayout layout, float[] x, int xo, float[] g, int go, float[]? y, int yo,
        float[] coef, double[]? reduce) where TOp : struct, IChannelOp
    {
        int r = op.Reductions, cN = layout.Channels;
        if (coef.Length < op.Coefficients * cN) throw new ArgumentException("Coefficient table too small.");
        if (r > 0 && (reduce == null || reduce.Length < r * cN)) throw new ArgumentException("Reduction table too small.");
        int total = layout.Numel;
        if (total == 0)
        {
            if (reduce != null) Array.Clear(reduce);
            return;
        }
        int items, per;
        if (layout.Inner == 1)
        {
            // Rows per item: items of at least RowItemElements, since each adds R·C partial sums to fold.
            per = Math.Max((RowItemElements + cN - 1) / cN, (layout.Outer + MaxItems - 1) / MaxItems);
            items = (layout.Outer + per - 1) / per;
        }
        else
        {
            per = Math.Max(MinItemElements, (int)(((long)total + MaxItems - 1) / MaxItems));
            items = (total + per - 1) / per;
        }
        // Partial sums come from a pool: fresh ones of a megabyte or more (64 items × R × C doubles) would be
        // zeroed and page-faulted on every call.
        var partials = r > 0 ? ArrayPool<double>.Shared.Rent(items * r * cN) : null;
        if (partials != null) Array.Clear(partials, 0, items * r * cN);
        if (layout.Inner == 1) coef = Blocked(coef, op.Coefficients, cN);
        var body = new Body<TOp>(op, layout, x, xo, g, go, y, yo, coef, partials, per, total);
        if (items == 1) body.Run(0);
        else Parallelism.For(items, body);
        if (r > 0)
        {
            int size = r * cN;
            Array.Clear(reduce!, 0, size);
            for (int it = 0; it < items; it++)
                for (int k = 0; k < size; k++) reduce![k] += partials![it * size + k];
            ArrayPool<double>.Shared.Return(partials!);
        }
    }

    private readonly struct Body<TOp>(TOp op, ChannelLayout layout, float[] x, int xo, float[] g, int go, float[]? y, int yo,
        float[] coef, double[]? partials, int per, int total) : IParallelBody where TOp : struct, IChannelOp
    {
        public void Run(int item)
        {
            int cN = layout.Channels;
            var acc = partials == null ? default : partials.AsSpan(item * op.Reductions * cN, op.Reductions * cN);
            if (layout.Inner == 1)
            {
                int r0 = item * per, r1 = Math.Min(layout.Outer, r0 + per);
                var accF = op.Reductions > 0 ? ArrayPool<float>.Shared.Rent(op.Reductions * cN) : [];
                Array.Clear(accF);
                int since = 0;
                for (int n = r0; n < r1; n++)
                {
                    int cb = 0;
                    if (Vector512.IsHardwareAccelerated) RowBlocks<Float16>(n, ref cb, accF);
                    if (Vector256.IsHardwareAccelerated) RowBlocks<Float8>(n, ref cb, accF);
                    RowBlocks<Float1>(n, ref cb, accF);
                    if (op.Reductions > 0 && (++since == FlushElements || n == r1 - 1))
                    {
                        FlushBlocked(accF, acc);
                        since = 0;
                    }
                }
                if (op.Reductions > 0) ArrayPool<float>.Shared.Return(accF);
            }
            else
            {
                int e = item * per, end = Math.Min(total, e + per), inner = layout.Inner;
                while (e < end)
                {
                    int seg = e / inner, off = e - seg * inner, ch = seg % cN;
                    int len = Math.Min(inner - off, end - e);
                    for (int s = 0; s < len; s += FlushElements)
                    {
                        int i = e + s, stop = e + Math.Min(len, s + FlushElements);
                        if (Vector512.IsHardwareAccelerated) Run<Float16>(ch, ref i, stop, acc);
                        if (Vector256.IsHardwareAccelerated) Run<Float8>(ch, ref i, stop, acc);
                        Run<Float1>(ch, ref i, stop, acc);
                    }
                    e += len;
                }
            }
        }

        /// <summary>
        /// Row n from channel cb on, in blocks of one lane width while whole blocks fit. The coefficient table and the
        /// float sums are blocked: a block of width w starting at channel cb holds its K (or R) vectors contiguously
        /// from offset cb·K (cb·R), so the op reads and updates them in place.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void RowBlocks<TV>(int n, ref int cb, float[] accF) where TV : unmanaged, IFloatLanes<TV>
        {
            int w = TV.Count, k = op.Coefficients, nr = op.Reductions, cN = layout.Channels;
            if (cb + w > cN) return;
            var step = op;
            int row = n * cN;
            ref float px = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xo + row);
            ref float pg = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g), go + row);
            bool store = y != null;
            ref float py = ref store ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y!), yo + row) : ref Unsafe.NullRef<float>();
            ref float pc = ref MemoryMarshal.GetArrayDataReference(coef);
            ref float pa = ref MemoryMarshal.GetArrayDataReference(accF);
            for (; cb + w <= cN; cb += w)
            {
                var c = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<float, TV>(ref Unsafe.Add(ref pc, cb * k)), k);
                var acc = MemoryMarshal.CreateSpan(ref Unsafe.As<float, TV>(ref Unsafe.Add(ref pa, cb * nr)), nr);
                var v = step.Apply<TV>(TV.Load(ref Unsafe.Add(ref px, cb), 0), TV.Load(ref Unsafe.Add(ref pg, cb), 0), c, acc);
                if (store) TV.Store(v, ref Unsafe.Add(ref py, cb), 0);
            }
        }

        /// <summary>Adds the blocked float sums into the per-channel double partials [R, C] and clears them.</summary>
        private void FlushBlocked(float[] accF, Span<double> partial)
        {
            int cN = layout.Channels, nr = op.Reductions, cb = 0;
            while (cb < cN)
            {
                int w = Vector512.IsHardwareAccelerated && cb + 16 <= cN ? 16 : Vector256.IsHardwareAccelerated && cb + 8 <= cN ? 8 : 1;
                for (int q = 0; q < nr; q++)
                    for (int l = 0; l < w; l++) partial[q * cN + cb + l] += accF[cb * nr + q * w + l];
                cb += w;
            }
            Array.Clear(accF, 0, nr * cN);
        }

        /// <summary>Elements [i, stop) of one channel run, as far as whole lanes go: coefficients broadcast.</summary>
        private void Run<TV>(int ch, ref int i, int stop, Span<double> partial) where TV : unmanaged, IFloatLanes<TV>
        {
            int w = TV.Count;
            if (i + w > stop) return;
            int cN = layout.Channels, k = op.Coefficients, nr = op.Reductions;
            Span<TV> c = stackalloc TV[Math.Max(k, 1)];
            Span<TV> acc = stackalloc TV[Math.Max(nr, 1)];
            for (int j = 0; j < k; j++) c[j] = (TV)coef[j * cN + ch];
            acc.Clear();
            ref float px = ref MemoryMarshal.GetArrayDataReference(x);
            ref float pg = ref MemoryMarshal.GetArrayDataReference(g);
            for (; i + w <= stop; i += w)
            {
                var v = op.Apply<TV>(TV.Load(ref Unsafe.Add(ref px, xo + i), 0), TV.Load(ref Unsafe.Add(ref pg, go + i), 0), c, acc);
                if (y != null) TV.Store(v, ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y), yo + i), 0);
            }
            for (int q = 0; q < nr; q++) partial[q * cN + ch] += TV.Sum(acc[q]);
        }
    }

    /// <summary>
    /// The table [K, C] re-laid in blocks of the lane widths the row pass uses (16, then 8, then 1): the block of
    /// width w at channel cb holds coefficient j of its channels at cb·K + j·w.
    /// </summary>
    private static float[] Blocked(float[] table, int k, int cN)
    {
        var blocked = new float[k * cN];
        int cb = 0;
        while (cb < cN)
        {
            int w = Vector512.IsHardwareAccelerated && cb + 16 <= cN ? 16 : Vector256.IsHardwareAccelerated && cb + 8 <= cN ? 8 : 1;
            for (int j = 0; j < k; j++)
                for (int l = 0; l < w; l++) blocked[cb * k + j * w + l] = table[j * cN + cb + l];
            cb += w;
        }
        return blocked;
    }

    /// <summary>Adds per-channel sums [R, C] into per-set sums [sets, R] (channel order, double) and returns them as floats.</summary>
    public static float[] ToSets(double[] perChannel, int reductions, int channels, Func<int, int> setOf, int sets)
    {
        var sums = new double[sets * reductions];
        for (int c = 0; c < channels; c++)
        {
            int s = setOf(c);
            for (int q = 0; q < reductions; q++) sums[s * reductions + q] += perChannel[q * channels + c];
        }
        var result = new float[sums.Length];
        for (int i = 0; i < sums.Length; i++) result[i] = (float)sums[i];
        return result;
    }
}

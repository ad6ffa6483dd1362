using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// Reductions over a tensor viewed as [outer, reduced, inner]. Summation order is fixed by the data layout
/// alone (never by timing or the thread count), so results are bit-identical run after run and across
/// thread counts.
/// </summary>
public static class Reduce
{
    /// <summary>Elements summed per partial in a long reduction; partials are then added in order.</summary>
    public const int SumChunk = 1 << 14;

    /// <summary>Sum of a span: 4 independent vector accumulators, combined in a fixed order.</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        ref float p = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        float total = 0;
        if (Vector512.IsHardwareAccelerated && n >= 64) total = SumLanes<Float16>(ref p, ref i, n);
        else if (Vector256.IsHardwareAccelerated && n >= 32) total = SumLanes<Float8>(ref p, ref i, n);
        for (; i < n; i++) total += x[i];
        return total;
    }

    private static float SumLanes<TV>(ref float p, ref int i, int n) where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count;
        TV s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i <= n - 4 * w; i += 4 * w)
        {
            s0 += TV.Load(ref p, (nuint)i);
            s1 += TV.Load(ref p, (nuint)(i + w));
            s2 += TV.Load(ref p, (nuint)(i + 2 * w));
            s3 += TV.Load(ref p, (nuint)(i + 3 * w));
        }
        return TV.Sum((s0 + s1) + (s2 + s3));
    }

    /// <summary>Sum of a long contiguous run: fixed chunks summed in parallel, partials added in order.</summary>
    public static float SumLong(float[] x, int offset, int n)
    {
        int chunks = (n + SumChunk - 1) / SumChunk;
        if (chunks <= 1) return Sum(x.AsSpan(offset, n));
        var partials = new float[chunks];
        if (n < 4 * Elementwise.ParallelChunk)
            for (int c = 0; c < chunks; c++) partials[c] = ChunkSum(x, offset, n, c);
        else
            Parallelism.For(chunks, c => partials[c] = ChunkSum(x, offset, n, c));
        float total = 0;
        foreach (float p in partials) total += p;
        return total;
    }

    private static float ChunkSum(float[] x, int offset, int n, int c)
    {
        int s = c * SumChunk;
        return Sum(x.AsSpan(offset + s, Math.Min(SumChunk, n - s)));
    }

    /// <summary>dst[o·inner + i] = Σ_r src[offset + (o·reduced + r)·inner + i], for contiguous src.</summary>
    public static void SumAxis(float[] src, int offset, int outer, int reduced, int inner, float[] dst)
    {
        if (inner == 1)
        {
            if (outer == 1) { dst[0] = SumLong(src, offset, reduced); return; }
            ForRows(outer, (long)outer * reduced, o => dst[o] = Sum(src.AsSpan(offset + o * reduced, reduced)));
            return;
        }
        ForRows(outer, (long)outer * reduced * inner, o =>
        {
            var acc = dst.AsSpan(o * inner, inner);
            int baseOff = offset + o * reduced * inner;
            if (reduced == 0) { acc.Clear(); return; }
            src.AsSpan(baseOff, inner).CopyTo(acc);
            for (int r = 1; r < reduced; r++)
                Elementwise.Zip(new AddOp(), acc, src.AsSpan(baseOff + r * inner, inner), acc);
        });
    }

    /// <summary>Maximum and its first index along the reduced axis of a contiguous [outer, reduced, inner] layout. NaN wins.</summary>
    public static void MaxAxis(float[] src, int offset, int outer, int reduced, int inner, float[] values, int[] indices)
    {
        ForRows(outer, (long)outer * reduced * inner, o =>
        {
            int baseOff = offset + o * reduced * inner;
            for (int i = 0; i < inner; i++)
            {
                float best = src[baseOff + i];
                int arg = 0;
                for (int r = 1; r < reduced && !float.IsNaN(best); r++)
                {
                    float v = src[baseOff + r * inner + i];
                    if (v > best || float.IsNaN(v)) { best = v; arg = r; }
                }
                values[o * inner + i] = best;
                indices[o * inner + i] = arg;
            }
        });
    }

    private static void ForRows(int rows, long work, Action<int> row)
    {
        if (rows == 1 || work < 2 * Elementwise.ParallelChunk)
        {
            for (int o = 0; o < rows; o++) row(o);
            return;
        }
        int items = (int)Math.Min(rows, Math.Max(1, work / Elementwise.ParallelChunk));
        Parallelism.For(items, item =>
        {
            int from = (int)((long)rows * item / items), to = (int)((long)rows * (item + 1) / items);
            for (int o = from; o < to; o++) row(o);
        });
    }
}

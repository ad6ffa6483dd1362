using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// dst += src·s over one short row (an embedding row), inline: the lookups and gradient scatters of embedding tables
/// add thousands of rows of a few dozen floats per batch, where a call per row costs as much as the row itself.
/// </summary>
internal static class RowAdd
{
    /// <summary>dst[dstOffset..+n) += src[srcOffset..+n)·s, the product rounded before the sum (a multiply, then an add).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scaled(float[] dst, int dstOffset, float[] src, int srcOffset, float s, int n)
    {
        if (Vector512.IsHardwareAccelerated) Scaled<Float16>(dst, dstOffset, src, srcOffset, s, n);
        else if (Vector256.IsHardwareAccelerated) Scaled<Float8>(dst, dstOffset, src, srcOffset, s, n);
        else Scaled<Float1>(dst, dstOffset, src, srcOffset, s, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scaled<TV>(float[] dst, int dstOffset, float[] src, int srcOffset, float s, int n) where TV : struct, IFloatLanes<TV>
    {
        if ((uint)dstOffset > (uint)dst.Length - (uint)n || (uint)srcOffset > (uint)src.Length - (uint)n || n < 0)
            throw new ArgumentOutOfRangeException(nameof(n), $"row of {n} at {dstOffset} / {srcOffset} outside arrays of {dst.Length} / {src.Length}");
        int i = 0;
        if (n >= TV.Count)
        {
            ref float d = ref dst[dstOffset];
            ref float r = ref src[srcOffset];
            for (; i <= n - TV.Count; i += TV.Count) TV.Store(TV.Load(ref d, (nuint)i) + TV.Load(ref r, (nuint)i) * s, ref d, (nuint)i);
        }
        for (; i < n; i++) dst[dstOffset + i] += src[srcOffset + i] * s;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Activa.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, k-major strips the micro-kernels stream.
/// </summary>
/// <remarks>
/// Packing is where the transposes are absorbed: whatever the storage order, a packed A strip is
/// <c>dst[p·MR + i] = op(A)[i, p]</c> and a packed B strip is <c>dst[p·NR + j] = op(B)[p, j]</c>, zero
/// padded past the matrix edge so the kernel always runs a full MR×NR tile.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>Packs rows [i0, i0+mc) × k-range [p0, p0+kc) of op(A) into ceil(mc/mr) strips.</summary>
    public static void PackA(bool transA, float* a, nint lda, int i0, int p0, int mc, int kc, int mr, float* dst)
    {
        if (transA)
        {
            PackATransposed(a + (nint)p0 * lda + i0, lda, mc, kc, mr, dst);
            return;
        }
        for (int i = 0; i < mc; i += mr, dst += (nint)mr * kc)
            PackAStrip(a + (nint)(i0 + i) * lda + p0, lda, Math.Min(mr, mc - i), kc, mr, dst);
    }

    /// <summary>Packs k-range [p0, p0+kc) × columns [j0, j0+nc) of op(B) into ceil(nc/nr) strips.</summary>
    public static void PackB(bool transB, float* b, nint ldb, int p0, int j0, int kc, int nc, int nr, float* dst)
    {
        for (int j = 0; j < nc; j += nr, dst += (nint)nr * kc)
        {
            int cols = Math.Min(nr, nc - j);
            if (transB) PackBStripTransposed(b + (nint)(j0 + j) * ldb + p0, ldb, cols, kc, nr, dst);
            else PackBStrip(b + (nint)p0 * ldb + j0 + j, ldb, cols, kc, nr, dst);
        }
    }

    /// <summary>Floats a packed buffer needs past its end: the transposing packers finish each
    /// 16-step block with whole-vector stores that overhang a short strip.</summary>
    public const int Slack = 16;

    // A stored row-major m×k: strip rows are contiguous in k, so 16×16 blocks are transposed in
    // registers. Column p of a block holds the strip's values for k step p; it is stored whole at
    // p·MR, and the lanes past MR are overwritten by the next store (or lie in the slack/next strip,
    // which is packed later).
    private static void PackAStrip(float* src, nint lda, int rows, int kc, int mr, float* dst)
    {
        int p = 0;
        if (Avx.IsSupported && mr <= 8)
        {
            // The same in 8×8 blocks for the AVX2 kernel's 6-row strips (and on CPUs without AVX-512).
            Vector256<float>* t = stackalloc Vector256<float>[8];
            for (int i = rows; i < 8; i++) t[i] = Vector256<float>.Zero;
            for (; p + 8 <= kc; p += 8)
            {
                for (int i = 0; i < rows; i++) t[i] = Vector256.Load(src + i * lda + p);
                Transpose8x8(t);
                float* d = dst + (nint)p * mr;
                for (int q = 0; q < 8; q++) t[q].Store(d + q * mr);
            }
        }
        else if (Avx512F.IsSupported && mr <= 16)
        {
            Vector512<float>* t = stackalloc Vector512<float>[16];
            for (int i = rows; i < 16; i++) t[i] = Vector512<float>.Zero;
            for (; p + 16 <= kc; p += 16)
            {
                for (int i = 0; i < rows; i++) t[i] = Vector512.Load(src + i * lda + p);
                Transpose16x16(t);
                float* d = dst + (nint)p * mr;
                for (int q = 0; q < 16; q++) t[q].Store(d + q * mr);
            }
        }
        for (; p < kc; p++)
        {
            float* d = dst + (nint)p * mr;
            int i = 0;
            for (; i < rows; i++) d[i] = src[i * lda + p];
            for (; i < mr; i++) d[i] = 0f;
        }
    }

    // A stored k×m (transA): the MR values of one k step are already contiguous. A is walked in bands
    // of 16 k steps: within a band every strip gets 16 contiguous steps, and the source rows are each
    // read sequentially. (Strip by strip would stride down all of A per strip; step by step would hop
    // between strips whose starts are 48·kc bytes apart, all in the same L1 set.)
    private static void PackATransposed(float* src, nint lda, int mc, int kc, int mr, float* dst)
    {
        int full = mc / mr * mr;
        nint strip = (nint)mr * kc;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            int pEnd = Math.Min(kc, p0 + 16);
            float* d0 = dst + (nint)p0 * mr;
            for (int i = 0; i < mc; i += mr, d0 += strip)
            {
                int rows = Math.Min(mr, mc - i);
                float* s = src + (nint)p0 * lda + i, d = d0;
                if (rows == 12 && mr == 12)
                {
                    for (int p = p0; p < pEnd; p++, s += lda, d += 12)
                    {
                        Vector256.Load(s).Store(d);
                        Vector128.Load(s + 8).Store(d + 8);
                    }
                }
                else if (rows == 6 && mr == 6)
                {
                    for (int p = p0; p < pEnd; p++, s += lda, d += 6)
                    {
                        Vector128.Load(s).Store(d);
                        *(long*)(d + 4) = *(long*)(s + 4);
                    }
                }
                else
                {
                    for (int p = p0; p < pEnd; p++, s += lda, d += mr)
                    {
                        int r = 0;
                        for (; r < rows; r++) d[r] = s[r];
                        for (; r < mr; r++) d[r] = 0f;
                    }
                }
            }
        }
    }

    // B stored k×n: one k step of a strip is NR contiguous floats; full strips are straight vector copies.
    private static void PackBStrip(float* src, nint ldb, int cols, int kc, int nr, float* dst)
    {
        if (cols == nr && nr % 16 == 0 && Vector512.IsHardwareAccelerated)
        {
            for (int p = 0; p < kc; p++, src += ldb, dst += nr)
                for (int j = 0; j < nr; j += 16)
                    Vector512.Load(src + j).Store(dst + j);
            return;
        }
        if (cols == nr && nr % 8 == 0 && Vector256.IsHardwareAccelerated)
        {
            for (int p = 0; p < kc; p++, src += ldb, dst += nr)
                for (int j = 0; j < nr; j += 8)
                    Vector256.Load(src + j).Store(dst + j);
            return;
        }
        for (int p = 0; p < kc; p++, src += ldb, dst += nr)
        {
            int j = 0;
            for (; j < cols; j++) dst[j] = src[j];
            for (; j < nr; j++) dst[j] = 0f;
        }
    }

    // B stored n×k (transB, e.g. a Linear weight out×in): strip columns are contiguous in k, so each
    // group of 16 columns is transposed in 16×16 register blocks straight into place.
    private static void PackBStripTransposed(float* src, nint ldb, int cols, int kc, int nr, float* dst)
    {
        int p = 0;
        if (Avx.IsSupported && nr <= 16 && nr % 8 == 0)
        {
            // The same in 8×8 blocks for the AVX2 kernel's 16-column strips (and on CPUs without AVX-512).
            Vector256<float>* t = stackalloc Vector256<float>[8];
            for (; p + 8 <= kc; p += 8)
            {
                for (int j0 = 0; j0 < nr; j0 += 8)
                {
                    int n8 = Math.Clamp(cols - j0, 0, 8);
                    for (int j = 0; j < n8; j++) t[j] = Vector256.Load(src + (j0 + j) * ldb + p);
                    for (int j = n8; j < 8; j++) t[j] = Vector256<float>.Zero;
                    Transpose8x8(t);
                    float* d = dst + (nint)p * nr + j0;
                    for (int q = 0; q < 8; q++) t[q].Store(d + q * nr);
                }
            }
        }
        else if (Avx512F.IsSupported && nr % 16 == 0)
        {
            Vector512<float>* t = stackalloc Vector512<float>[16];
            for (; p + 16 <= kc; p += 16)
            {
                for (int j0 = 0; j0 < nr; j0 += 16)
                {
                    int n16 = Math.Clamp(cols - j0, 0, 16);
                    for (int j = 0; j < n16; j++) t[j] = Vector512.Load(src + (j0 + j) * ldb + p);
                    for (int j = n16; j < 16; j++) t[j] = Vector512<float>.Zero;
                    Transpose16x16(t);
                    float* d = dst + (nint)p * nr + j0;
                    for (int q = 0; q < 16; q++) t[q].Store(d + q * nr);
                }
            }
        }
        for (; p < kc; p++)
        {
            float* d = dst + (nint)p * nr;
            int j = 0;
            for (; j < cols; j++) d[j] = src[j * ldb + p];
            for (; j < nr; j++) d[j] = 0f;
        }
    }

    // Transposes 8 rows of 8 floats in place: interleave pairs of rows, then pairs of pairs within each 128-bit
    // half, then swap the halves (rows a..h become columns 0..7).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(Vector256<float>* r)
    {
        Vector256<float> t0 = Avx.UnpackLow(r[0], r[1]), t1 = Avx.UnpackHigh(r[0], r[1]);
        Vector256<float> t2 = Avx.UnpackLow(r[2], r[3]), t3 = Avx.UnpackHigh(r[2], r[3]);
        Vector256<float> t4 = Avx.UnpackLow(r[4], r[5]), t5 = Avx.UnpackHigh(r[4], r[5]);
        Vector256<float> t6 = Avx.UnpackLow(r[6], r[7]), t7 = Avx.UnpackHigh(r[6], r[7]);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        r[0] = Avx.Permute2x128(u0, u4, 0x20);
        r[1] = Avx.Permute2x128(u1, u5, 0x20);
        r[2] = Avx.Permute2x128(u2, u6, 0x20);
        r[3] = Avx.Permute2x128(u3, u7, 0x20);
        r[4] = Avx.Permute2x128(u0, u4, 0x31);
        r[5] = Avx.Permute2x128(u1, u5, 0x31);
        r[6] = Avx.Permute2x128(u2, u6, 0x31);
        r[7] = Avx.Permute2x128(u3, u7, 0x31);
    }

    // Transposes 16 rows of 16 floats in place. Level h swaps bit h of the row index with bit h of
    // the lane index (the off-diagonal h×h blocks of every 2h×2h block); the four levels commute and
    // together swap all four bits, which is the transpose. One two-source permute per output row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16x16(Vector512<float>* r)
    {
        TransposeLevel(r, 8, Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
                             Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
        TransposeLevel(r, 4, Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27),
                             Vector512.Create(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31));
        TransposeLevel(r, 2, Vector512.Create(0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29),
                             Vector512.Create(2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31));
        TransposeLevel(r, 1, Vector512.Create(0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30),
                             Vector512.Create(1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeLevel(Vector512<float>* r, int h, Vector512<int> lo, Vector512<int> hi)
    {
        for (int i = 0; i < 16; i++)
        {
            if ((i & h) != 0) continue;
            Vector512<float> x = r[i], y = r[i + h];
            r[i] = Avx512F.PermuteVar16x32x2(x, lo, y);
            r[i + h] = Avx512F.PermuteVar16x32x2(x, hi, y);
        }
    }
}

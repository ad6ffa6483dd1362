using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>AVX-512 micro-kernel: 12 rows × 32 columns (two Vector512 per row).</summary>
/// <remarks>
/// 24 accumulators + 2 B vectors + 1 broadcast fill 27 of the 32 zmm registers. Per k step it issues 24
/// FMAs against 2 vector loads and 12 scalar broadcasts, so the FMA pipes, not the load ports, are the
/// limit, and 24 independent chains cover the FMA latency of Zen 4/5 several times over.
/// </remarks>
internal readonly unsafe struct Avx512MicroKernel : IGemmMicroKernel
{
    public static int MR => 12;
    public static int NR => 32;
    public static int L2BlockRows => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int kc, float* a, float* b, nint bStride, float* c, nint ldc,
                           int rows, int cols, float alpha, float beta)
    {
        switch (rows)
        {
            case 12: Tile<Rows12>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 11: Tile<Rows11>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 10: Tile<Rows10>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 9: Tile<Rows9>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 8: Tile<Rows8>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 7: Tile<Rows7>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 6: Tile<Rows6>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 5: Tile<Rows5>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 4: Tile<Rows4>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 3: Tile<Rows3>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 2: Tile<Rows2>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
            case 1: Tile<Rows1>(kc, a, b, bStride, c, ldc, cols, alpha, beta); break;
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TR>(int kc, float* a, float* b, nint bStride, float* c, nint ldc,
                                 int cols, float alpha, float beta) where TR : struct, IRowCount
    {
        Vector512<float> c0a = default, c0b = default;
        Vector512<float> c1a = default, c1b = default;
        Vector512<float> c2a = default, c2b = default;
        Vector512<float> c3a = default, c3b = default;
        Vector512<float> c4a = default, c4b = default;
        Vector512<float> c5a = default, c5b = default;
        Vector512<float> c6a = default, c6b = default;
        Vector512<float> c7a = default, c7b = default;
        Vector512<float> c8a = default, c8b = default;
        Vector512<float> c9a = default, c9b = default;
        Vector512<float> c10a = default, c10b = default;
        Vector512<float> c11a = default, c11b = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> av;
            av = Vector512.Create(a[0]);
            c0a = Vector512.FusedMultiplyAdd(av, b0, c0a);
            c0b = Vector512.FusedMultiplyAdd(av, b1, c0b);
            if (TR.Value > 1)
            {
                av = Vector512.Create(a[1]);
                c1a = Vector512.FusedMultiplyAdd(av, b0, c1a);
                c1b = Vector512.FusedMultiplyAdd(av, b1, c1b);
            }
            if (TR.Value > 2)
            {
                av = Vector512.Create(a[2]);
                c2a = Vector512.FusedMultiplyAdd(av, b0, c2a);
                c2b = Vector512.FusedMultiplyAdd(av, b1, c2b);
            }
            if (TR.Value > 3)
            {
                av = Vector512.Create(a[3]);
                c3a = Vector512.FusedMultiplyAdd(av, b0, c3a);
                c3b = Vector512.FusedMultiplyAdd(av, b1, c3b);
            }
            if (TR.Value > 4)
            {
                av = Vector512.Create(a[4]);
                c4a = Vector512.FusedMultiplyAdd(av, b0, c4a);
                c4b = Vector512.FusedMultiplyAdd(av, b1, c4b);
            }
            if (TR.Value > 5)
            {
                av = Vector512.Create(a[5]);
                c5a = Vector512.FusedMultiplyAdd(av, b0, c5a);
                c5b = Vector512.FusedMultiplyAdd(av, b1, c5b);
            }
            if (TR.Value > 6)
            {
                av = Vector512.Create(a[6]);
                c6a = Vector512.FusedMultiplyAdd(av, b0, c6a);
                c6b = Vector512.FusedMultiplyAdd(av, b1, c6b);
            }
            if (TR.Value > 7)
            {
                av = Vector512.Create(a[7]);
                c7a = Vector512.FusedMultiplyAdd(av, b0, c7a);
                c7b = Vector512.FusedMultiplyAdd(av, b1, c7b);
            }
            if (TR.Value > 8)
            {
                av = Vector512.Create(a[8]);
                c8a = Vector512.FusedMultiplyAdd(av, b0, c8a);
                c8b = Vector512.FusedMultiplyAdd(av, b1, c8b);
            }
            if (TR.Value > 9)
            {
                av = Vector512.Create(a[9]);
                c9a = Vector512.FusedMultiplyAdd(av, b0, c9a);
                c9b = Vector512.FusedMultiplyAdd(av, b1, c9b);
            }
            if (TR.Value > 10)
            {
                av = Vector512.Create(a[10]);
                c10a = Vector512.FusedMultiplyAdd(av, b0, c10a);
                c10b = Vector512.FusedMultiplyAdd(av, b1, c10b);
            }
            if (TR.Value > 11)
            {
                av = Vector512.Create(a[11]);
                c11a = Vector512.FusedMultiplyAdd(av, b0, c11a);
                c11b = Vector512.FusedMultiplyAdd(av, b1, c11b);
            }
            a += 12;
            b += bStride;
        }

        if (cols == 32)
        {
            Vector512<float> va = Vector512.Create(alpha);
            if (beta == 0f)
            {
                { (c0a * va).Store(c + 0 * ldc); (c0b * va).Store(c + 0 * ldc + 16); }
                if (TR.Value > 1) { (c1a * va).Store(c + 1 * ldc); (c1b * va).Store(c + 1 * ldc + 16); }
                if (TR.Value > 2) { (c2a * va).Store(c + 2 * ldc); (c2b * va).Store(c + 2 * ldc + 16); }
                if (TR.Value > 3) { (c3a * va).Store(c + 3 * ldc); (c3b * va).Store(c + 3 * ldc + 16); }
                if (TR.Value > 4) { (c4a * va).Store(c + 4 * ldc); (c4b * va).Store(c + 4 * ldc + 16); }
                if (TR.Value > 5) { (c5a * va).Store(c + 5 * ldc); (c5b * va).Store(c + 5 * ldc + 16); }
                if (TR.Value > 6) { (c6a * va).Store(c + 6 * ldc); (c6b * va).Store(c + 6 * ldc + 16); }
                if (TR.Value > 7) { (c7a * va).Store(c + 7 * ldc); (c7b * va).Store(c + 7 * ldc + 16); }
                if (TR.Value > 8) { (c8a * va).Store(c + 8 * ldc); (c8b * va).Store(c + 8 * ldc + 16); }
                if (TR.Value > 9) { (c9a * va).Store(c + 9 * ldc); (c9b * va).Store(c + 9 * ldc + 16); }
                if (TR.Value > 10) { (c10a * va).Store(c + 10 * ldc); (c10b * va).Store(c + 10 * ldc + 16); }
                if (TR.Value > 11) { (c11a * va).Store(c + 11 * ldc); (c11b * va).Store(c + 11 * ldc + 16); }
            }
            else
            {
                Vector512<float> vb = Vector512.Create(beta);
                Merge(c + 0 * ldc, c0a, c0b, va, vb);
                if (TR.Value > 1) Merge(c + 1 * ldc, c1a, c1b, va, vb);
                if (TR.Value > 2) Merge(c + 2 * ldc, c2a, c2b, va, vb);
                if (TR.Value > 3) Merge(c + 3 * ldc, c3a, c3b, va, vb);
                if (TR.Value > 4) Merge(c + 4 * ldc, c4a, c4b, va, vb);
                if (TR.Value > 5) Merge(c + 5 * ldc, c5a, c5b, va, vb);
                if (TR.Value > 6) Merge(c + 6 * ldc, c6a, c6b, va, vb);
                if (TR.Value > 7) Merge(c + 7 * ldc, c7a, c7b, va, vb);
                if (TR.Value > 8) Merge(c + 8 * ldc, c8a, c8b, va, vb);
                if (TR.Value > 9) Merge(c + 9 * ldc, c9a, c9b, va, vb);
                if (TR.Value > 10) Merge(c + 10 * ldc, c10a, c10b, va, vb);
                if (TR.Value > 11) Merge(c + 11 * ldc, c11a, c11b, va, vb);
            }
        }
        else
        {
            Unsafe.SkipInit(out WideAccumulatorTile tile);
            float* tmp = (float*)Unsafe.AsPointer(ref tile[0]);
            { c0a.Store(tmp); c0b.Store(tmp + 16); }
            if (TR.Value > 1) { c1a.Store(tmp + 32); c1b.Store(tmp + 48); }
            if (TR.Value > 2) { c2a.Store(tmp + 64); c2b.Store(tmp + 80); }
            if (TR.Value > 3) { c3a.Store(tmp + 96); c3b.Store(tmp + 112); }
            if (TR.Value > 4) { c4a.Store(tmp + 128); c4b.Store(tmp + 144); }
            if (TR.Value > 5) { c5a.Store(tmp + 160); c5b.Store(tmp + 176); }
            if (TR.Value > 6) { c6a.Store(tmp + 192); c6b.Store(tmp + 208); }
            if (TR.Value > 7) { c7a.Store(tmp + 224); c7b.Store(tmp + 240); }
            if (TR.Value > 8) { c8a.Store(tmp + 256); c8b.Store(tmp + 272); }
            if (TR.Value > 9) { c9a.Store(tmp + 288); c9b.Store(tmp + 304); }
            if (TR.Value > 10) { c10a.Store(tmp + 320); c10b.Store(tmp + 336); }
            if (TR.Value > 11) { c11a.Store(tmp + 352); c11b.Store(tmp + 368); }
            MicroKernelStore.PartialTile(c, ldc, tmp, 32, TR.Value, cols, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(float* c, Vector512<float> x, Vector512<float> y, Vector512<float> va, Vector512<float> vb)
    {
        Vector512.FusedMultiplyAdd(x, va, Vector512.Load(c) * vb).Store(c);
        Vector512.FusedMultiplyAdd(y, va, Vector512.Load(c + 16) * vb).Store(c + 16);
    }
}

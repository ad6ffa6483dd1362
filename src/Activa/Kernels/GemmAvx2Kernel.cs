using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>AVX2 + FMA micro-kernel: 6 rows × 16 columns (two Vector256 per row).</summary>
/// <remarks>12 accumulators + 2 B vectors + 1 broadcast fit the 16 ymm registers that plain AVX2
/// encodings can name, so nothing spills on CPUs without AVX-512.</remarks>
internal readonly unsafe struct Avx2MicroKernel : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 16;
    public static int L2BlockRows => 240;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int kc, float* a, float* b, nint bStride, float* c, nint ldc,
                           int rows, int cols, float alpha, float beta)
    {
        switch (rows)
        {
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
        Vector256<float> c0a = default, c0b = default;
        Vector256<float> c1a = default, c1b = default;
        Vector256<float> c2a = default, c2b = default;
        Vector256<float> c3a = default, c3b = default;
        Vector256<float> c4a = default, c4b = default;
        Vector256<float> c5a = default, c5b = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> av;
            av = Vector256.Create(a[0]);
            c0a = Vector256.FusedMultiplyAdd(av, b0, c0a);
            c0b = Vector256.FusedMultiplyAdd(av, b1, c0b);
            if (TR.Value > 1)
            {
                av = Vector256.Create(a[1]);
                c1a = Vector256.FusedMultiplyAdd(av, b0, c1a);
                c1b = Vector256.FusedMultiplyAdd(av, b1, c1b);
            }
            if (TR.Value > 2)
            {
                av = Vector256.Create(a[2]);
                c2a = Vector256.FusedMultiplyAdd(av, b0, c2a);
                c2b = Vector256.FusedMultiplyAdd(av, b1, c2b);
            }
            if (TR.Value > 3)
            {
                av = Vector256.Create(a[3]);
                c3a = Vector256.FusedMultiplyAdd(av, b0, c3a);
                c3b = Vector256.FusedMultiplyAdd(av, b1, c3b);
            }
            if (TR.Value > 4)
            {
                av = Vector256.Create(a[4]);
                c4a = Vector256.FusedMultiplyAdd(av, b0, c4a);
                c4b = Vector256.FusedMultiplyAdd(av, b1, c4b);
            }
            if (TR.Value > 5)
            {
                av = Vector256.Create(a[5]);
                c5a = Vector256.FusedMultiplyAdd(av, b0, c5a);
                c5b = Vector256.FusedMultiplyAdd(av, b1, c5b);
            }
            a += 6;
            b += bStride;
        }

        if (cols == 16)
        {
            Vector256<float> va = Vector256.Create(alpha);
            if (beta == 0f)
            {
                { (c0a * va).Store(c + 0 * ldc); (c0b * va).Store(c + 0 * ldc + 8); }
                if (TR.Value > 1) { (c1a * va).Store(c + 1 * ldc); (c1b * va).Store(c + 1 * ldc + 8); }
                if (TR.Value > 2) { (c2a * va).Store(c + 2 * ldc); (c2b * va).Store(c + 2 * ldc + 8); }
                if (TR.Value > 3) { (c3a * va).Store(c + 3 * ldc); (c3b * va).Store(c + 3 * ldc + 8); }
                if (TR.Value > 4) { (c4a * va).Store(c + 4 * ldc); (c4b * va).Store(c + 4 * ldc + 8); }
                if (TR.Value > 5) { (c5a * va).Store(c + 5 * ldc); (c5b * va).Store(c + 5 * ldc + 8); }
            }
            else
            {
                Vector256<float> vb = Vector256.Create(beta);
                Merge(c + 0 * ldc, c0a, c0b, va, vb);
                if (TR.Value > 1) Merge(c + 1 * ldc, c1a, c1b, va, vb);
                if (TR.Value > 2) Merge(c + 2 * ldc, c2a, c2b, va, vb);
                if (TR.Value > 3) Merge(c + 3 * ldc, c3a, c3b, va, vb);
                if (TR.Value > 4) Merge(c + 4 * ldc, c4a, c4b, va, vb);
                if (TR.Value > 5) Merge(c + 5 * ldc, c5a, c5b, va, vb);
            }
        }
        else
        {
            // A tile in the frame, not stackalloc: see AccumulatorTile.
            Unsafe.SkipInit(out AccumulatorTile tile);
            float* tmp = (float*)Unsafe.AsPointer(ref tile[0]);
            { c0a.Store(tmp); c0b.Store(tmp + 8); }
            if (TR.Value > 1) { c1a.Store(tmp + 16); c1b.Store(tmp + 24); }
            if (TR.Value > 2) { c2a.Store(tmp + 32); c2b.Store(tmp + 40); }
            if (TR.Value > 3) { c3a.Store(tmp + 48); c3b.Store(tmp + 56); }
            if (TR.Value > 4) { c4a.Store(tmp + 64); c4b.Store(tmp + 72); }
            if (TR.Value > 5) { c5a.Store(tmp + 80); c5b.Store(tmp + 88); }
            MicroKernelStore.PartialTile(c, ldc, tmp, 16, TR.Value, cols, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(float* c, Vector256<float> x, Vector256<float> y, Vector256<float> va, Vector256<float> vb)
    {
        Vector256.FusedMultiplyAdd(x, va, Vector256.Load(c) * vb).Store(c);
        Vector256.FusedMultiplyAdd(y, va, Vector256.Load(c + 8) * vb).Store(c + 8);
    }

}

using System.Runtime.CompilerServices;

namespace Activa.Kernels;

/// <summary>Portable micro-kernel: 4 rows × 4 columns of scalar accumulators.</summary>
/// <remarks>Runs where neither AVX-512 nor AVX2+FMA exists (e.g. Arm without a tuned path). It keeps
/// the packed structure so the driver has one code path; 16 accumulators stay in registers.</remarks>
internal readonly unsafe struct ScalarMicroKernel : IGemmMicroKernel
{
    public static int MR => 4;
    public static int NR => 4;
    public static int L2BlockRows => 0;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, nint bStride, float* c, nint ldc,
                           int rows, int cols, float alpha, float beta)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += bStride;
        }

        Unsafe.SkipInit(out AccumulatorTile tile);
        float* tmp = (float*)Unsafe.AsPointer(ref tile[0]);
        tmp[0] = c00; tmp[1] = c01; tmp[2] = c02; tmp[3] = c03;
        tmp[4] = c10; tmp[5] = c11; tmp[6] = c12; tmp[7] = c13;
        tmp[8] = c20; tmp[9] = c21; tmp[10] = c22; tmp[11] = c23;
        tmp[12] = c30; tmp[13] = c31; tmp[14] = c32; tmp[15] = c33;
        MicroKernelStore.PartialTile(c, ldc, tmp, 4, rows, cols, alpha, beta);
    }
}

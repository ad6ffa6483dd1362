using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// A register-tiled GEMM micro-kernel: multiplies one packed MR×kc strip of A by one kc×NR strip of B
/// and merges the MR×NR result into C.
/// </summary>
/// <remarks>
/// A is packed k-major with a stride of exactly <see cref="MR"/> floats per k step (rows past the edge
/// are zero); B advances <c>bStride</c> floats per k step so that the same kernel serves packed panels
/// (stride NR) and, for small products, B read in place (stride ldb).
/// The merge is <c>C = alpha·acc + beta·C</c>, with <c>beta == 0</c> meaning C is not read, so NaN in
/// an uninitialised C cannot leak. Only <c>rows × cols</c> of C are touched.
/// </remarks>
internal unsafe interface IGemmMicroKernel
{
    static abstract int MR { get; }
    static abstract int NR { get; }

    /// <summary>
    /// Rows of A packed per block in the L2-resident loop order (<see cref="GemmDriver{TK}"/>), or 0 for the
    /// A-strip-in-L1 order.
    /// </summary>
    static abstract int L2BlockRows { get; }

    static abstract void Run(int kc, float* a, float* b, nint bStride, float* c, nint ldc,
                             int rows, int cols, float alpha, float beta);
}

/// <summary>A compile-time row count: lets one kernel source specialise per edge height.</summary>
/// <remarks>The JIT folds <see cref="Value"/> per struct instantiation, so the guarded rows of a
/// kernel disappear along with their accumulators instead of costing a branch per k step.</remarks>
internal interface IRowCount
{
    static abstract int Value { get; }
}

internal struct Rows1 : IRowCount { public static int Value => 1; }
internal struct Rows2 : IRowCount { public static int Value => 2; }
internal struct Rows3 : IRowCount { public static int Value => 3; }
internal struct Rows4 : IRowCount { public static int Value => 4; }
internal struct Rows5 : IRowCount { public static int Value => 5; }
internal struct Rows6 : IRowCount { public static int Value => 6; }
internal struct Rows7 : IRowCount { public static int Value => 7; }
internal struct Rows8 : IRowCount { public static int Value => 8; }
internal struct Rows9 : IRowCount { public static int Value => 9; }
internal struct Rows10 : IRowCount { public static int Value => 10; }
internal struct Rows11 : IRowCount { public static int Value => 11; }
internal struct Rows12 : IRowCount { public static int Value => 12; }

/// <summary>
/// A micro-kernel's accumulators stored for a partial (edge) tile's merge into C, in the kernel's own frame. A local,
/// never stackalloc: with a stackalloc in the kernel the JIT's register allocator spilled all twelve accumulators inside
/// the k loop whenever it had no PGO block weights to go by (DOTNET_TieredPGO=0, DOTNET_TieredCompilation=0, or code
/// compiled ahead of time): the AVX2 GEMM ran at 11–37 instead of 85 GFLOP/s, and MLP training 2.6× slower.
/// </summary>
[InlineArray(6 * 16)]
internal struct AccumulatorTile
{
    private float _first;
}

/// <summary>The AVX-512 kernel's 12×32 <see cref="AccumulatorTile"/>.</summary>
[InlineArray(12 * 32)]
internal struct WideAccumulatorTile
{
    private float _first;
}

/// <summary>Shared store helpers of the micro-kernels.</summary>
internal static unsafe class MicroKernelStore
{
    /// <summary>
    /// Merges the first <paramref name="cols"/> columns of <paramref name="rows"/> accumulator rows, stored
    /// <paramref name="stride"/> floats apart in <paramref name="acc"/>, into C.
    /// </summary>
    /// <remarks>Only edge tiles come here, so a scalar loop is fine. A kernel stores every accumulator (to an
    /// <see cref="AccumulatorTile"/>) before this one call, so none is live across it.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void PartialTile(float* c, nint ldc, float* acc, int stride, int rows, int cols, float alpha, float beta)
    {
        for (int r = 0; r < rows; r++, c += ldc, acc += stride)
        {
            if (beta == 0f)
                for (int j = 0; j < cols; j++) c[j] = alpha * acc[j];
            else
                for (int j = 0; j < cols; j++) c[j] = MathF.FusedMultiplyAdd(acc[j], alpha, beta * c[j]);
        }
    }
}

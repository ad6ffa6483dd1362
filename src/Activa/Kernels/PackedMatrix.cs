using System.Runtime.InteropServices;

namespace Activa.Kernels;

/// <summary>
/// A GEMM's B operand packed once for the managed micro-kernel of this machine: for each K block of
/// <see cref="GemmDriver{TK}.KC"/>, all its column strips of NR, in the layout the driver packs per call. A model that
/// runs the same weights many times (inference) packs them here once, and each product then skips the packing pass,
/// which for a few rows costs as much as the multiply itself. The packed copy does not follow later changes to B.
/// </summary>
internal sealed unsafe class PackedMatrix
{
    private readonly float* _data;

    private PackedMatrix(GemmKernelPath path, int k, int n, int nr)
    {
        Path = path;
        K = k;
        N = n;
        Stride = (n + nr - 1) / nr * nr;
        _data = (float*)NativeMemory.AlignedAlloc((nuint)(((long)k * Stride + GemmPacking.Slack) * sizeof(float)), 64);
    }

    /// <summary>The micro-kernel it was packed for; the driver ignores it under any other.</summary>
    public GemmKernelPath Path { get; }

    /// <summary>Rows of op(B).</summary>
    public int K { get; }

    /// <summary>Columns of op(B).</summary>
    public int N { get; }

    /// <summary>Columns rounded up to whole strips: K block pc starts at pc·Stride, column j of it at j·kc.</summary>
    public int Stride { get; }

    /// <summary>First packed float.</summary>
    public float* Data => _data;

    /// <summary>Packs op(B) (k×n; B stored n×k with row stride <paramref name="ldb"/> when <paramref name="transB"/>) for the active kernel.</summary>
    public static PackedMatrix Pack(bool transB, float* b, int ldb, int k, int n)
    {
        var path = Gemm.ActivePath;
        int nr = path switch
        {
            GemmKernelPath.Avx512 => Avx512MicroKernel.NR,
            GemmKernelPath.Avx2 => Avx2MicroKernel.NR,
            _ => ScalarMicroKernel.NR,
        };
        var packed = new PackedMatrix(path, k, n, nr);
        const int kc = GemmDriver<ScalarMicroKernel>.KC; // the same depth for every kernel: it fixes the summation order
        for (int pc = 0; pc < k; pc += kc)
            GemmPacking.PackB(transB, b, ldb, pc, 0, Math.Min(kc, k - pc), n, nr, packed._data + (nint)pc * packed.Stride);
        return packed;
    }

    ~PackedMatrix() => NativeMemory.AlignedFree(_data);
}

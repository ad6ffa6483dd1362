using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Activa.Kernels;

/// <summary>Which implementation <see cref="Gemm"/> calls.</summary>
public enum GemmBackend
{
    /// <summary>Activa's own packed, register-tiled SIMD kernel (no native dependency).</summary>
    Managed,

    /// <summary>OpenBLAS's <c>cblas_sgemm</c>, loaded at run time when installed.</summary>
    OpenBlas,
}

/// <summary>Which micro-kernel the managed backend runs (tests force each one).</summary>
internal enum GemmKernelPath
{
    Auto,
    Avx512,
    Avx2,
    Scalar,
}

/// <summary>
/// Single-precision matrix multiply, row-major: <c>C = alpha·op(A)·op(B) + beta·C</c>.
/// </summary>
/// <remarks>
/// <para>op(A) is m×k: A is stored m×k with row stride <c>lda ≥ k</c>, or, when <c>transA</c>, k×m
/// with <c>lda ≥ m</c>. op(B) is k×n: B is stored k×n with <c>ldb ≥ n</c>, or, when <c>transB</c>,
/// n×k with <c>ldb ≥ k</c>. C is m×n with <c>ldc ≥ n</c> and must not overlap A or B.</para>
/// <para><c>beta == 0</c> means C is write-only: whatever it held (NaN included) is ignored. When
/// <c>alpha == 0</c> or <c>k == 0</c>, A and B are not read.</para>
/// <para>The managed backend is deterministic: the same inputs give bit-identical results for any
/// <see cref="Parallelism.Threads"/>, because threads split C, never the K sum.</para>
/// </remarks>
public static unsafe class Gemm
{
    private static GemmBackend s_backend = GemmBackend.Managed;

    /// <summary>Forces a micro-kernel for tests; <see cref="GemmKernelPath.Auto"/> picks the best supported.</summary>
    internal static GemmKernelPath ForcePath { get; set; } = GemmKernelPath.Auto;

    /// <summary>
    /// The implementation used by every call. Default <see cref="GemmBackend.Managed"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set to <see cref="GemmBackend.OpenBlas"/> when
    /// OpenBLAS cannot be loaded.</exception>
    public static GemmBackend Backend
    {
        get => s_backend;
        set
        {
            if (value == GemmBackend.OpenBlas && !OpenBlas.Available)
                throw new InvalidOperationException($"GemmBackend.OpenBlas is not available: {OpenBlas.LoadError}");
            if (value is not (GemmBackend.Managed or GemmBackend.OpenBlas))
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown GEMM backend.");
            s_backend = value;
        }
    }

    /// <summary>
    /// True when OpenBLAS (<c>libopenblas.so.0</c> or <c>libopenblas.so</c>) was found and exports
    /// <c>cblas_sgemm</c>. Its thread count is kept equal to <see cref="Parallelism.Threads"/>.
    /// </summary>
    public static bool OpenBlasAvailable => OpenBlas.Available;

    /// <summary>
    /// The kernel family OpenBLAS runs on this CPU ("Zen", "Haswell", "SkylakeX", ...), or null when OpenBLAS is not
    /// available. OpenBLAS 0.3.21 (Debian 12) does not recognise recent CPUs and may fall back to a much slower
    /// kernel; <see cref="UseOpenBlasCoreType"/> or the <c>OPENBLAS_CORETYPE</c> environment variable chooses another.
    /// </summary>
    public static string? OpenBlasCore => OpenBlas.CoreName;

    /// <summary>
    /// Asks OpenBLAS for the kernel family <paramref name="coreType"/> (an <c>OPENBLAS_CORETYPE</c> name such as
    /// "SkylakeX", "Haswell" or "Zen") instead of its own CPU detection. OpenBLAS reads the choice once, when it
    /// loads, so call this before anything else touches OpenBLAS (<see cref="OpenBlasAvailable"/>,
    /// <see cref="OpenBlasCore"/>, the <see cref="GemmBackend.OpenBlas"/> backend). A name OpenBLAS does not know, or
    /// whose instructions this CPU lacks, leaves its own choice in place: read <see cref="OpenBlasCore"/> to see what
    /// runs. <c>dotnet run -c Release --project bench/Activa.Bench -- gemm --openblas-coretype probe</c> finds the
    /// fastest correct family on a machine.
    /// </summary>
    /// <exception cref="InvalidOperationException">OpenBLAS is already loaded with another kernel family.</exception>
    public static void UseOpenBlasCoreType(string coreType) => OpenBlas.RequestCoreType(coreType);

    /// <summary>The micro-kernel the managed backend will use on this machine.</summary>
    internal static GemmKernelPath ActivePath => ForcePath switch
    {
        GemmKernelPath.Auto when Avx512F.IsSupported => GemmKernelPath.Avx512,
        GemmKernelPath.Auto when Avx2.IsSupported && Fma.IsSupported => GemmKernelPath.Avx2,
        GemmKernelPath.Auto => GemmKernelPath.Scalar,
        GemmKernelPath.Avx512 when !Avx512F.IsSupported => throw new PlatformNotSupportedException("AVX-512F is not supported on this CPU."),
        GemmKernelPath.Avx2 when !(Avx2.IsSupported && Fma.IsSupported) => throw new PlatformNotSupportedException("AVX2+FMA is not supported on this CPU."),
        var forced => forced,
    };

    /// <summary>
    /// <c>C[m×n] = alpha·op(A)·op(B) + beta·C</c> on raw row-major storage (see <see cref="Gemm"/> for
    /// the layout rules).
    /// </summary>
    /// <param name="transA">A is stored k×m and used transposed.</param>
    /// <param name="transB">B is stored n×k and used transposed (the usual Linear-weight layout).</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">First element of A.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="b">First element of B.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">First element of C.</param>
    /// <param name="ldc">Row stride of C.</param>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda,
                             float* b, int ldb, float beta, float* c, int ldc)
    {
        Validate(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) return;
        Execute(Problem(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc),
                Parallelism.InsideWork ? 1 : Parallelism.Threads);
    }

    /// <summary>
    /// <c>C[m×n] = alpha·op(A)·op(B) + beta·C</c> on spans, checking that every operand is long enough
    /// for its shape and stride.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short, or a stride is below its row length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
                             ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, lda, ldb, ldc);
        CheckLength("a", a.Length, transA ? k : m, transA ? m : k, lda, transA ? "k×m" : "m×k");
        CheckLength("b", b.Length, transB ? n : k, transB ? k : n, ldb, transB ? "n×k" : "k×n");
        CheckLength("c", c.Length, m, n, ldc, "m×n");
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c)
            Execute(Problem(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc),
                    Parallelism.InsideWork ? 1 : Parallelism.Threads);
    }

    /// <summary>
    /// <c>C[m×n] = f(op(A)·Bᵀ + bias)</c> with the bias and the activation applied to each tile of C as the managed kernel
    /// finishes it (<see cref="GemmEpilogue"/>; the pre-activation also stored when the epilogue says where). B is stored
    /// n×k (the Linear-weight layout). Other backends and paths apply the epilogue to the whole of C afterwards.
    /// <paramref name="packed"/>, op(B) packed beforehand (weights used many times), is used when it was packed for the
    /// micro-kernel that runs; otherwise B itself is read.
    /// </summary>
    internal static void SgemmEpilogue(bool transA, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc,
                                       in GemmEpilogue epilogue, PackedMatrix? packed = null)
    {
        Validate(transA, true, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) return;
        var p = Problem(transA, true, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
        p.Epilogue = epilogue;
        if (packed != null && packed.Path == ActivePath && packed.K == k && packed.N == n)
        {
            p.PackedB = packed.Data;
            p.PackedStride = packed.Stride;
        }
        Execute(p, Parallelism.InsideWork ? 1 : Parallelism.Threads);
        GC.KeepAlive(packed); // its finaliser frees the memory the product was reading
    }

    /// <summary>
    /// Strided batch: for i in [0, batch), <c>C_i = alpha·op(A_i)·op(B_i) + beta·C_i</c> with
    /// <c>A_i = a + i·strideA</c>, <c>B_i = b + i·strideB</c>, <c>C_i = c + i·strideC</c>.
    /// </summary>
    /// <remarks>A stride of 0 broadcasts that operand (e.g. one weight for every batch item); the C
    /// blocks must not overlap. Small products run one per thread; large ones one after another, each
    /// split over the threads.</remarks>
    public static void SgemmBatched(int batch, bool transA, bool transB, int m, int n, int k, float alpha,
                                    float* a, int lda, long strideA, float* b, int ldb, long strideB,
                                    float beta, float* c, int ldc, long strideC)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        Validate(transA, transB, m, n, k, lda, ldb, ldc);
        if (strideA < 0 || strideB < 0 || strideC < 0)
            throw new ArgumentException($"Batch strides must be non-negative (strideA={strideA}, strideB={strideB}, strideC={strideC}).");
        if (batch > 1 && m > 0 && n > 0 && strideC < (long)(m - 1) * ldc + n)
            throw new ArgumentException($"strideC={strideC} makes the C blocks of a batch overlap: each m×n = {m}×{n} block with ldc={ldc} spans {(long)(m - 1) * ldc + n} elements.", nameof(strideC));
        if (batch == 0 || m == 0 || n == 0) return;

        var first = Problem(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        int threads = Parallelism.InsideWork ? 1 : Parallelism.Threads;
        long work = (long)m * n * k;
        if (threads > 1 && batch > 1 && s_backend == GemmBackend.Managed && work < SerialProductWork)
        {
            int items = Math.Min(batch, threads * 4);
            Parallelism.For(items, new BatchBody(first, batch, items, strideA, strideB, strideC));
            return;
        }
        for (int i = 0; i < batch; i++)
            Execute(Offset(first, i, strideA, strideB, strideC), threads);
    }

    /// <summary>Products below this many multiply-adds are too small to split well inside.</summary>
    private const long SerialProductWork = 128L * 128 * 128;

    private readonly struct BatchBody(GemmProblem first, int batch, int items, long strideA, long strideB, long strideC) : IParallelBody
    {
        public void Run(int index)
        {
            int from = (int)((long)batch * index / items), to = (int)((long)batch * (index + 1) / items);
            for (int i = from; i < to; i++)
                Execute(Offset(first, i, strideA, strideB, strideC), 1);
        }
    }

    private static GemmProblem Offset(GemmProblem p, int i, long strideA, long strideB, long strideC)
    {
        p.A += i * strideA;
        p.B += i * strideB;
        p.C += i * strideC;
        return p;
    }

    private static GemmProblem Problem(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda,
                                       float* b, int ldb, float beta, float* c, int ldc) => new()
    {
        TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
        A = a, B = b, C = c, Lda = lda, Ldb = ldb, Ldc = ldc,
    };

    private static void Execute(in GemmProblem p, int threads)
    {
        if (p.K == 0 || p.Alpha == 0f)
        {
            ScaleC(p);
            EpilogueAfter(p);
            return;
        }
        if (p.C == null || p.A == null || p.B == null)
            throw new ArgumentNullException(p.C == null ? "c" : p.A == null ? "a" : "b", "Operand pointer is null for a non-empty product.");
        if (s_backend == GemmBackend.OpenBlas)
        {
            OpenBlas.Sgemm(p);
            EpilogueAfter(p);
            return;
        }
        if (ForcePath == GemmKernelPath.Auto && Gemv.Applies(p))
        {
            Gemv.Run(p, threads);
            EpilogueAfter(p);
            return;
        }
        switch (ActivePath)
        {
            case GemmKernelPath.Avx512: GemmDriver<Avx512MicroKernel>.Run(p, threads); break;
            case GemmKernelPath.Avx2: GemmDriver<Avx2MicroKernel>.Run(p, threads); break;
            default: GemmDriver<ScalarMicroKernel>.Run(p, threads); break;
        }
    }

    // The paths without tiles of their own (OpenBLAS, GEMV, an empty product) finish C in one more pass, by rows.
    private static void EpilogueAfter(in GemmProblem p)
    {
        if (!p.Epilogue.Active) return;
        int items = Parallelism.InsideWork ? 1 : Math.Min(p.M, Parallelism.ItemsFor((long)p.M * p.N, 1 << 15, Parallelism.Threads));
        if (items <= 1) p.Epilogue.Apply(p.C, p.Ldc, 0, 0, p.M, p.N);
        else Parallelism.For(items, new EpilogueRows(p, items));
    }

    private readonly struct EpilogueRows(GemmProblem p, int items) : IParallelBody
    {
        public void Run(int index)
        {
            int r0 = (int)((long)p.M * index / items), r1 = (int)((long)p.M * (index + 1) / items);
            p.Epilogue.Apply(p.C + r0 * p.Ldc, p.Ldc, r0, 0, r1 - r0, p.N);
        }
    }

    // k == 0 or alpha == 0: the product vanishes and, as in BLAS, A and B are not read.
    private static void ScaleC(in GemmProblem p)
    {
        if (p.C == null) throw new ArgumentNullException("c", "C is null for a non-empty product.");
        for (int i = 0; i < p.M; i++)
        {
            var row = new Span<float>(p.C + i * p.Ldc, p.N);
            if (p.Beta == 0f) row.Clear();
            else if (p.Beta != 1f)
                for (int j = 0; j < row.Length; j++) row[j] *= p.Beta;
        }
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k, int lda, int ldb, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckStride("lda", lda, transA ? m : k, transA ? "A is stored k×m (transA), so lda must be ≥ m" : "A is stored m×k, so lda must be ≥ k");
        CheckStride("ldb", ldb, transB ? k : n, transB ? "B is stored n×k (transB), so ldb must be ≥ k" : "B is stored k×n, so ldb must be ≥ n");
        CheckStride("ldc", ldc, n, "C is m×n, so ldc must be ≥ n");
    }

    private static void CheckStride(string name, int stride, int rowLength, string rule)
    {
        if (stride < rowLength)
            throw new ArgumentException($"{name}={stride} is too small: {rule} (= {rowLength}).", name);
    }

    private static void CheckLength(string name, int length, int rows, int cols, int stride, string shape)
    {
        long need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * stride + cols;
        if (length < need)
            throw new ArgumentException(
                $"Operand {name} is too short: stored {shape} = {rows}×{cols} with row stride {stride} needs {need} elements, but the span has {length}.",
                name);
    }
}

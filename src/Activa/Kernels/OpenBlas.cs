using System.Runtime.InteropServices;

namespace Activa.Kernels;

/// <summary>
/// Optional OpenBLAS accelerator, found at run time: nothing is linked, so the library works
/// unchanged where OpenBLAS is not installed.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
    private static readonly delegate* unmanaged<int, void> s_setNumThreads;
    private static int s_threadsSet = -1;

    /// <summary>Why loading failed, for error messages; null when loaded.</summary>
    public static readonly string? LoadError;

    static OpenBlas()
    {
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll", "openblas" })
        {
            if (!NativeLibrary.TryLoad(name, out nint handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm)) continue;
            s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setThreads))
                s_setNumThreads = (delegate* unmanaged<int, void>)setThreads;
            LoadError = null;
            return;
        }
        LoadError = "OpenBLAS was not found (tried libopenblas.so.0 and libopenblas.so); install it, e.g. " +
                    "'apt-get install libopenblas0-pthread', or use GemmBackend.Managed.";
    }

    public static bool Available => s_sgemm != null;

    /// <summary>Calls cblas_sgemm after matching OpenBLAS's thread count to <see cref="Parallelism.Threads"/>.</summary>
    public static void Sgemm(in GemmProblem p)
    {
        SyncThreads();
        s_sgemm(RowMajor, p.TransA ? Trans : NoTrans, p.TransB ? Trans : NoTrans, p.M, p.N, p.K,
                p.Alpha, p.A, Ld(p.Lda), p.B, Ld(p.Ldb), p.Beta, p.C, Ld(p.Ldc));
    }

    // BLAS insists on strides of at least 1 even where a dimension is 0.
    private static int Ld(nint stride) => (int)Math.Max(1, stride);

    // OpenBLAS keeps its own pool; inside an Activa work item the other cores are already busy, so it
    // must run single-threaded there. The setting is global, so only the outer caller changes it.
    private static void SyncThreads()
    {
        if (s_setNumThreads == null || Parallelism.InsideWork) return;
        int want = Parallelism.Threads;
        if (want == s_threadsSet) return;
        s_setNumThreads(want);
        s_threadsSet = want;
    }
}

using System.Runtime.InteropServices;

namespace Activa.Kernels;

/// <summary>
/// Optional OpenBLAS accelerator, found at run time: nothing is linked, so the library works
/// unchanged where OpenBLAS is not installed. Loaded on first use, so that a kernel family requested
/// through <see cref="RequestCoreType"/> can still be passed to it.
/// </summary>
internal static unsafe partial class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly Lock s_lock = new();
    private static volatile bool s_loaded;
    private static string? s_requestedCore;
    private static string? s_loadError;
    private static delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
    private static delegate* unmanaged<int, void> s_setNumThreads;
    private static delegate* unmanaged<nint> s_getCoreName;
    private static int s_threadsSet = -1;

    /// <summary>Why loading failed, for error messages; null when loaded.</summary>
    public static string? LoadError
    {
        get { EnsureLoaded(); return s_loadError; }
    }

    public static bool Available
    {
        get { EnsureLoaded(); return s_sgemm != null; }
    }

    /// <summary>The kernel family OpenBLAS runs (its <c>openblas_get_corename</c>), or null when unavailable.</summary>
    public static string? CoreName
    {
        get
        {
            EnsureLoaded();
            return s_getCoreName == null ? null : Marshal.PtrToStringUTF8(s_getCoreName());
        }
    }

    /// <summary>
    /// Asks OpenBLAS for a kernel family instead of its own detection. OpenBLAS reads the choice
    /// (<c>OPENBLAS_CORETYPE</c>) once, when it loads, so this must come first; afterwards only a request
    /// for the family already running is accepted.
    /// </summary>
    public static void RequestCoreType(string coreType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(coreType);
        lock (s_lock)
        {
            if (!s_loaded)
            {
                s_requestedCore = coreType;
                return;
            }
        }
        string? running = CoreName;
        if (running != null && !string.Equals(running, coreType, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"OpenBLAS is already loaded with the '{running}' kernels; request core type '{coreType}' before its first use, " +
                "or set OPENBLAS_CORETYPE in the environment before the process starts.");
    }

    private static void EnsureLoaded()
    {
        if (s_loaded) return;
        lock (s_lock)
        {
            if (s_loaded) return;
            if (s_requestedCore != null) SetNativeEnvironment("OPENBLAS_CORETYPE", s_requestedCore);
            // OpenBLAS's workers spin for 2^28 cycles (~0.1 s) after each call before they sleep, holding cores that
            // Activa's own pool needs between GEMMs: on 2 cores that cost Activa's parallel work up to a third of its
            // speed. 2^4 cycles parks them at once; an explicit setting is kept.
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENBLAS_THREAD_TIMEOUT")))
                SetNativeEnvironment("OPENBLAS_THREAD_TIMEOUT", "4");
            Load();
            s_loaded = true;
        }
    }

    private static void Load()
    {
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll", "openblas" })
        {
            if (!NativeLibrary.TryLoad(name, out nint handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm)) continue;
            s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setThreads))
                s_setNumThreads = (delegate* unmanaged<int, void>)setThreads;
            if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out nint coreName))
                s_getCoreName = (delegate* unmanaged<nint>)coreName;
            s_loadError = null;
            return;
        }
        s_loadError = "OpenBLAS was not found (tried libopenblas.so.0 and libopenblas.so); install it, e.g. " +
                      "'apt-get install libopenblas0-pthread', or use GemmBackend.Managed.";
    }

    // .NET keeps its own copy of the environment on Unix: native code reading getenv only sees setenv.
    private static void SetNativeEnvironment(string name, string value)
    {
        if (OperatingSystem.IsWindows()) Environment.SetEnvironmentVariable(name, value);
        else if (SetEnv(name, value, 1) != 0) throw new InvalidOperationException($"setenv({name}) failed.");
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

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

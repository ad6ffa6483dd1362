using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Activa.Kernels;

namespace Activa.Bench;

/// <summary>
/// SGEMM throughput of the managed kernel against OpenBLAS called through the same API.
/// </summary>
/// <remarks>Both backends are timed in alternating repetitions, so load from other processes on a
/// shared machine hits both alike and the ratio stays meaningful even when absolute figures wobble.</remarks>
internal static unsafe class GemmBench
{
    private static readonly (int M, int K, int N)[] DefaultShapes =
        [(256, 784, 512), (1024, 1024, 1024), (64, 512, 512), (32, 64, 64)];

    public static int Run(string[] args)
    {
        int[] threads = [1, 2];
        string? jsonPath = null;
        int reps = 7;
        double minRepSeconds = 0.1;
        var shapes = DefaultShapes.ToList();
        bool transA = false, transB = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = args[++i].Split(',').Select(int.Parse).ToArray(); break;
                case "--json": jsonPath = args[++i]; break;
                case "--reps": reps = Math.Max(5, int.Parse(args[++i])); break;
                case "--min-rep-s": minRepSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--transb": transB = true; break;
                case "--transa": transA = true; break;
                case "--openblas-coretype":
                    string core = args[++i];
                    if (core == "probe") core = OpenBlasProbe.Best();
                    if (core != "auto") Gemm.UseOpenBlasCoreType(core);
                    break;
                case "--shapes":
                    shapes = args[++i].Split(',').Select(s => s.Split('x').Select(int.Parse).ToArray())
                                      .Select(d => (d[0], d[1], d[2])).ToList();
                    break;
                default:
                    Console.Error.WriteLine($"gemm: unknown option '{args[i]}'. Options: --threads 1,2 --json out.json --reps N --min-rep-s S --shapes MxKxN,... --transa --transb --openblas-coretype auto|probe|NAME");
                    return 2;
            }
        }

        bool openBlas = Gemm.OpenBlasAvailable;
        if (!openBlas) Console.Error.WriteLine("gemm: OpenBLAS not found; reporting the managed kernel only.");
        else Console.Error.WriteLine($"gemm: OpenBLAS runs its '{Gemm.OpenBlasCore}' kernels.");
        var rows = new List<Result>();
        int savedThreads = Parallelism.Threads;
        try
        {
            foreach (int t in threads)
            {
                Parallelism.Threads = t;
                foreach (var (m, k, n) in shapes)
                {
                    var r = Measure(m, k, n, t, transA, transB, openBlas, reps, minRepSeconds);
                    rows.Add(r);
                    Console.Error.WriteLine($"  {r.Shape} t={t}: activa {r.ActivaGflops:F1}  openblas {Fmt(r.OpenBlasGflops)} GFLOP/s");
                }
            }
        }
        finally
        {
            Parallelism.Threads = savedThreads;
            Gemm.Backend = GemmBackend.Managed;
        }

        PrintTable(rows, transB);
        if (jsonPath != null) WriteJson(jsonPath, rows, transB, reps, minRepSeconds);
        return 0;
    }

    private sealed record Result(string Shape, int M, int K, int N, int Threads, double ActivaGflops, double? OpenBlasGflops)
    {
        public double? Ratio => OpenBlasGflops is { } o ? ActivaGflops / o : null;
    }

    private static Result Measure(int m, int k, int n, int threads, bool transA, bool transB, bool openBlas, int reps, double minRepSeconds)
    {
        var rng = new Random(42);
        float* a = Alloc((long)m * k, rng), b = Alloc((long)k * n, rng), c = Alloc((long)m * n, rng);
        try
        {
            int ldb = transB ? k : n;
            int lda = transA ? m : k;
            void Call() => Gemm.Sgemm(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            var backends = openBlas ? new[] { GemmBackend.Managed, GemmBackend.OpenBlas } : [GemmBackend.Managed];
            var iters = new int[backends.Length];
            for (int i = 0; i < backends.Length; i++)
            {
                Gemm.Backend = backends[i];
                iters[i] = Calibrate(Call, minRepSeconds);
            }
            var times = backends.Select(_ => new List<double>()).ToArray();
            for (int r = 0; r < reps; r++)
            {
                for (int i = 0; i < backends.Length; i++)
                {
                    Gemm.Backend = backends[i];
                    long t0 = Stopwatch.GetTimestamp();
                    for (int it = 0; it < iters[i]; it++) Call();
                    times[i].Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / iters[i]);
                }
            }
            Gemm.Backend = GemmBackend.Managed;
            double flops = 2.0 * m * n * k;
            double Gflops(List<double> ts) => flops / Median(ts) / 1e9;
            return new Result($"{m}×{k}×{n}", m, k, n, threads, Gflops(times[0]), openBlas ? Gflops(times[1]) : null);
        }
        finally
        {
            NativeMemory.AlignedFree(a);
            NativeMemory.AlignedFree(b);
            NativeMemory.AlignedFree(c);
        }
    }

    // Warm-up of at least 3 calls and 0.2 s, which also sizes a repetition to last minRepSeconds.
    private static int Calibrate(Action call, double minRepSeconds)
    {
        long t0 = Stopwatch.GetTimestamp();
        int calls = 0;
        double elapsed;
        do
        {
            call();
            calls++;
            elapsed = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        } while (calls < 3 || elapsed < 0.2);
        return Math.Max(1, (int)Math.Ceiling(minRepSeconds / (elapsed / calls)));
    }

    private static float* Alloc(long count, Random rng)
    {
        var p = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        for (long i = 0; i < count; i++) p[i] = (float)(rng.NextDouble() * 2 - 1);
        return p;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static string Fmt(double? x, string f = "F1") => x is { } v ? v.ToString(f, CultureInfo.InvariantCulture) : "—";

    private static void PrintTable(List<Result> rows, bool transB)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"SGEMM C = A·B{(transB ? "ᵀ" : "")} (m×k×n), GFLOP/s, median of repetitions; managed kernel " +
                      $"{Gemm.ActivePath}, OpenBLAS core {Gemm.OpenBlasCore ?? "—"}");
        sb.AppendLine();
        sb.AppendLine("| shape m×k×n | threads | Activa managed | OpenBLAS | Activa/OpenBLAS |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Shape} | {r.Threads} | {Fmt(r.ActivaGflops)} | {Fmt(r.OpenBlasGflops)} | {Fmt(r.Ratio, "F2")} |");
        Console.Write(sb.ToString());
    }

    private static void WriteJson(string path, List<Result> rows, bool transB, int reps, double minRepSeconds)
    {
        var doc = new
        {
            benchmark = "gemm",
            transB,
            reps,
            min_rep_s = minRepSeconds,
            kernel = Gemm.ActivePath.ToString(),
            openblas_core = Gemm.OpenBlasCore,
            cpu_count = Environment.ProcessorCount,
            results = rows.Select(r => new
            {
                shape = r.Shape, m = r.M, k = r.K, n = r.N, threads = r.Threads,
                activa_gflops = r.ActivaGflops, openblas_gflops = r.OpenBlasGflops, ratio = r.Ratio,
            }),
        };
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
    }
}

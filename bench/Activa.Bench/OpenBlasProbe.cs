using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Activa.Kernels;

namespace Activa.Bench;

/// <summary>
/// Finds the OpenBLAS kernel family (OPENBLAS_CORETYPE) that runs SGEMM fastest and correctly on this CPU, for
/// Activa's optional OpenBLAS backend; bench/torch/openblas_coretype.py does the same for PyTorch.
/// </summary>
/// <remarks>OpenBLAS reads the core type once, when it loads, so each candidate runs in a child process
/// (<c>blas-probe-child</c>): one thread, 1024³ for about a second, and a check of an odd-shaped product against the
/// managed kernel, so a family that crashes on this CPU (missing instructions) or computes wrongly is never chosen.
/// Every candidate runs twice, in two rounds, and keeps its best figure. Auto-detection is kept unless a forced
/// family is more than 10 % faster.</remarks>
internal static unsafe class OpenBlasProbe
{
    private static readonly string[] Candidates = ["auto", "SkylakeX", "Cooperlake", "Haswell", "Zen"];

    /// <summary>Probes every candidate, prints the table to stderr and returns the chosen name ("auto" or a family).</summary>
    public static string Best()
    {
        // Two rounds, best of each: one round alone is at the mercy of whatever else the machine did meanwhile.
        var results = Candidates.ToDictionary(c => c, RunChild);
        foreach (string c in Candidates)
        {
            var again = RunChild(c);
            if (again.Ok && again.Gflops > results[c].Gflops) results[c] = again;
        }
        var good = results.Where(r => r.Value.Ok && r.Value.Gflops > 0).ToDictionary(r => r.Key, r => r.Value.Gflops);
        string chosen = "auto";
        if (good.Count > 0)
        {
            string best = good.MaxBy(r => r.Value).Key;
            chosen = good.GetValueOrDefault("auto") >= 0.9 * good[best] ? "auto" : best;
        }
        foreach (var (c, r) in results)
            Console.Error.WriteLine($"  {c,-11} {r.Gflops,7:F1} GFLOP/s 1 thread  {(r.Ok ? "ok" : "failed or wrong")}  (runs {r.Core}){(c == chosen ? "  <- chosen" : "")}");
        return chosen;
    }

    private static (double Gflops, bool Ok, string Core) RunChild(string core)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(OpenBlasProbe).Assembly.Location);
        start.ArgumentList.Add("blas-probe-child");
        start.Environment.Remove("OPENBLAS_CORETYPE");
        if (core != "auto") start.Environment["OPENBLAS_CORETYPE"] = core;
        using var child = Process.Start(start)!;
        child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        if (!child.WaitForExit(120_000)) child.Kill();
        string[] parts = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return child.ExitCode == 0 && parts.Length == 3
            ? (double.Parse(parts[0], CultureInfo.InvariantCulture), parts[1] == "1", parts[2])
            : (0, false, "?");
    }

    /// <summary>The child: prints "GFLOP/s correct core" for the OpenBLAS this process loaded.</summary>
    public static int Child()
    {
        if (!Gemm.OpenBlasAvailable) return 1;
        Parallelism.Threads = 1;
        Gemm.Backend = GemmBackend.OpenBlas;
        const int n = 1024;
        float* a = Fill(n * n, 1), b = Fill(n * n, 2), c = Fill(n * n, 3);
        double best = 0;
        for (int rep = 0; rep < 5; rep++)
        {
            int calls = 0;
            long t0 = Stopwatch.GetTimestamp();
            do { Gemm.Sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n); calls++; }
            while (Stopwatch.GetElapsedTime(t0).TotalSeconds < 0.2);
            best = Math.Max(best, 2.0 * n * n * n * calls / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9);
        }
        // An odd shape, against the managed kernel.
        const int m = 37, k = 53, cols = 29;
        float* x = Fill(m * k, 4), y = Fill(k * cols, 5), open = Fill(m * cols, 6), managed = Fill(m * cols, 7);
        Gemm.Sgemm(false, false, m, cols, k, 1f, x, k, y, cols, 0f, open, cols);
        Gemm.Backend = GemmBackend.Managed;
        Gemm.Sgemm(false, false, m, cols, k, 1f, x, k, y, cols, 0f, managed, cols);
        bool ok = true;
        for (int i = 0; i < m * cols; i++) ok &= MathF.Abs(open[i] - managed[i]) <= 1e-4f * (1 + MathF.Abs(managed[i]));
        Console.WriteLine(FormattableString.Invariant($"{best:F1} {(ok ? 1 : 0)} {Gemm.OpenBlasCore}"));
        return 0;
    }

    private static float* Fill(int count, int seed)
    {
        var rng = new Random(seed);
        var p = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        for (int i = 0; i < count; i++) p[i] = (float)(rng.NextDouble() * 2 - 1);
        return p;
    }
}

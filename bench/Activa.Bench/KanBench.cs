using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Activa.Autograd;
using Activa.Kan;
using Activa.Kernels;
using Activa.Nn;

namespace Activa.Bench;

/// <summary>
/// The KAN layer of issue 16 against the MLP layer it replaces: KanLayer 256→256 on a B-spline basis (G = 5, k = 3,
/// SiLU base branch) and Linear 256→256 + SiLU, batch 1024, forward (no grad) and forward+backward (input and parameter
/// gradients), median ms per call at each thread count. Beside them, where the KAN layer's time goes: the basis
/// features alone, the layer's three GEMMs timed alone with <see cref="Gemm.Sgemm(bool, bool, int, int, int, float, float*, int, float*, int, float, float*, int)"/>
/// (their GFLOP/s is the ceiling the layer can reach), and the backward nodes from <see cref="BackwardProfiler"/>.
/// </summary>
/// <remarks>
/// The KAN GEMM multiplies by a [256, 256·(G + k + 1)] = [256, 2304] matrix, 9× the MLP's [256, 256]: at the same
/// GFLOP/s the KAN layer's GEMMs alone take 9× the MLP layer's, so "≤ 2× the MLP layer" cannot be met by a dense
/// KAN layer of this size; the table states the GEMM-bound floor next to the measurement.
/// </remarks>
internal static class KanBench
{
    private const int In = 256, Out = 256, Batch = 1024, Grid = 5, Order = 3;

    public static int Run(string[] args)
    {
        int[] threads = [1, 2];
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--json": json = args[++i]; break;
                default:
                    Console.Error.WriteLine($"kan: unknown option '{args[i]}'. Options: --threads 1,2 --json out.json");
                    return 2;
            }
        }
        var results = new List<object>();
        int saved = Parallelism.Threads;
        try
        {
            foreach (int t in threads)
            {
                Parallelism.Threads = t;
                results.Add(Measure(t));
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
        if (json != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
            File.WriteAllText(json, JsonSerializer.Serialize(new
            {
                cpu = CpuName(), batch = Batch, @in = In, @out = Out, grid = Grid, order = Order,
                gemm_backend = Gemm.Backend.ToString(), results,
            }));
        }
        return 0;
    }

    private static object Measure(int threads)
    {
        var gen = new Generator(7);
        var kan = new KanLayer(In, Out, new BSplineBasis(In, Grid, Order), generator: gen);
        var mlp = new Sequential(new Linear(In, Out, generator: gen), new Act("silu"));
        // Inputs spread over and a little beyond the grid [−1, 1], so both the spline and the clamp are exercised.
        var x = Tensor.Randn([Batch, In], new Generator(1)) * 0.6f;
        var ones = Tensor.Ones(Batch, Out);
        var (kanFwd, kanFwdBwd) = Time(kan, x, ones);
        var (mlpFwd, mlpFwdBwd) = Time(mlp, x, ones);

        // The basis features alone (forward), and the backward nodes of the KAN layer.
        var basis = kan.Basis;
        double featuresFwd = Timing.Median(() => { using (Tensor.NoGrad()) basis.Features(x, true).Recycle(); });
        var nodes = new Dictionary<string, double>();
        const int ProfiledSteps = 30;
        using (var profile = BackwardProfiler.Start())
        {
            for (int s = 0; s < ProfiledSteps; s++) FwdBwd(kan, x, ones);
            foreach (var (op, v) in profile.Ops) nodes[op] = v.Elapsed.TotalMilliseconds / ProfiledSteps;
        }

        // The layer's GEMMs alone: y = F·Wᵀ, dF = g·W, dW = gᵀ·F with F [1024, 2304], W [256, 2304].
        int wide = In * (Grid + Order + 1);
        var gemms = new[]
        {
            ("forward y = F·Wᵀ", false, true, Batch, Out, wide),
            ("backward dF = g·W", false, false, Batch, wide, Out),
            ("backward dW = gᵀ·F", true, false, Out, wide, Batch),
            ("mlp forward y = x·Wᵀ", false, true, Batch, Out, In),
            ("mlp backward dx = g·W", false, false, Batch, In, Out),
            ("mlp backward dW = gᵀ·x", true, false, Out, In, Batch),
        };
        var gemmRows = gemms.Select(g => { var (name, ta, tb, m, n, k) = g; double ms = GemmMs(ta, tb, m, n, k); return new { name, m, n, k, ms, gflops = 2.0 * m * n * k / ms / 1e6 }; }).ToArray();
        double kanGemmFwd = gemmRows[0].ms, kanGemmAll = gemmRows[..3].Sum(g => g.ms);
        double mlpGemmFwd = gemmRows[3].ms, mlpGemmAll = gemmRows[3..].Sum(g => g.ms);

        Console.Error.WriteLine($"  {threads} thread(s): KAN fwd {kanFwd:F3} ms, fwd+bwd {kanFwdBwd:F3} ms; Linear+SiLU fwd {mlpFwd:F3} ms, fwd+bwd {mlpFwdBwd:F3} ms; " +
                                $"ratio fwd {kanFwd / mlpFwd:F2}×, fwd+bwd {kanFwdBwd / mlpFwdBwd:F2}×");
        Console.Error.WriteLine($"    KAN basis features fwd {featuresFwd:F3} ms; backward nodes: {string.Join(", ", nodes.Select(p => $"{p.Key} {p.Value:F3} ms"))}");
        foreach (var g in gemmRows) Console.Error.WriteLine($"    GEMM {g.name,-24} {g.m}×{g.k}×{g.n}: {g.ms:F3} ms, {g.gflops:F0} GFLOP/s");
        return new
        {
            threads,
            kan_fwd_ms = kanFwd, kan_fwdbwd_ms = kanFwdBwd, mlp_fwd_ms = mlpFwd, mlp_fwdbwd_ms = mlpFwdBwd,
            kan_features_fwd_ms = featuresFwd, kan_backward_nodes_ms = nodes,
            kan_gemm_fwd_ms = kanGemmFwd, kan_gemm_all_ms = kanGemmAll, mlp_gemm_fwd_ms = mlpGemmFwd, mlp_gemm_all_ms = mlpGemmAll,
            gemms = gemmRows,
        };
    }

    private static (double Fwd, double FwdBwd) Time(Module m, Tensor x, Tensor ones)
    {
        m.Train();
        // Outputs and input gradients are recycled once used, as PyTorch frees a tensor when its last reference goes.
        double fwd = Timing.Median(() => { using (Tensor.NoGrad()) m.Forward(x).Recycle(); });
        double fwdBwd = Timing.Median(() => FwdBwd(m, x, ones));
        return (fwd, fwdBwd);
    }

    private static void FwdBwd(Module m, Tensor x, Tensor ones)
    {
        var xg = x.Detach();
        xg.RequiresGrad = true;
        // zero_grad as PyTorch's set_to_none: the old gradients' buffers go back to the pool, as PyTorch's caching
        // allocator takes a tensor back when its last reference goes.
        foreach (var p in m.Parameters()) p.Grad?.Recycle();
        m.ZeroGrad();
        var y = m.Forward(xg);
        y.Backward(ones);
        y.Recycle();
        xg.Grad!.Recycle();
    }

    private static unsafe double GemmMs(bool transA, bool transB, int m, int n, int k)
    {
        var a = Tensor.Randn([m * k], new Generator(2)).ToArray();
        var b = Tensor.Randn([k * n], new Generator(3)).ToArray();
        var c = new float[m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        return Timing.Median(() =>
        {
            fixed (float* pa = a, pb = b, pc = c)
                Gemm.Sgemm(transA, transB, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
        });
    }

    private static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

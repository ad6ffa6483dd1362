using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Activa.Activations.Learnable;
using Activa.Kernels;
using Activa.Nn;

namespace Activa.Bench;

/// <summary>
/// Learnable activations on a 1024×1024 input (Dice also at 1024×512), training mode: forward, and
/// forward+backward (input and parameter gradients, the reductions included), median milliseconds; plus the
/// memory-traffic floor of each shape (20 bytes per element at the measured copy bandwidth for fwd+bwd).
/// </summary>
internal static class LearnableBench
{
    // Ops: vector floating-point operations per element of the fused forward + backward (each FMA, multiply, add,
    // compare, select or division counts one; exp ≈ 13, the logistic sigmoid ≈ 17, the ln(1 + e) polynomial 10),
    // for the compute floor. PAU(5,4): 12 forward (two Horner chains, |·|, division) + 45 backward (P, P′, S, S′,
    // 1/Q, sign, the input gradient, powers, ten gradient sums). APA: 41 + 51 (two exps, the polynomial, σ, two sums);
    // AGLU one more each way. Dice: 3 (moments) + 23 (forward) + 35 + 4 (backward passes). PReLU: 2 + 4.
    // Swish-β: 19 + 25. ReLU: 1 + 2; SiLU: 18 + 21.
    private static readonly (string Name, Func<Module> Make, int Rows, int Cols, int Ops)[] Cases =
    [
        ("ref: relu", () => new Act("relu"), 1024, 1024, 3),
        ("ref: silu", () => new Act("silu"), 1024, 1024, 39),
        ("PAU(5,4) safe", () => new Pau(1024), 1024, 1024, 57),
        ("APA", () => LearnableActivations.Create("apa", 1024), 1024, 1024, 92),
        ("AGLU", () => new Aglu(1024), 1024, 1024, 94),
        ("Dice (512 features)", () => new Dice(512), 1024, 512, 65),
        ("Dice (1024 features)", () => new Dice(1024), 1024, 1024, 65),
        ("PReLU shared", () => new PRelu(1024), 1024, 1024, 6),
        ("PReLU per channel", () => new PRelu(1024, sharing: ParameterSharing.Channel), 1024, 1024, 6),
        ("Swish-β", () => new SwishBeta(1024), 1024, 1024, 44),
    ];

    public static int Run(string[] args)
    {
        int threads = Parallelism.Threads;
        string? json = null, filter = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--json": json = args[++i]; break;
                case "--filter": filter = args[++i]; break;
                default:
                    Console.Error.WriteLine($"learnable: unknown option '{args[i]}'. Options: --threads T --json out.json --filter TEXT");
                    return 2;
            }
        }
        Parallelism.Threads = threads;
        var results = new List<object>();
        double copyNsPerElement = CopyNs(1024 * 1024);
        double peak = PeakLaneOpsPerSecond(threads);
        Console.Error.WriteLine($"  copy {copyNsPerElement:F3} ns/el, peak {peak / 1e9:F0} G lane-FMA/s on {threads} thread(s)");
        foreach (var (name, make, rows, cols, ops) in Cases)
        {
            if (filter != null && !name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
            var module = make();
            module.Train();
            var x = Tensor.Randn([rows, cols], new Generator(1));
            var ones = Tensor.Ones(rows, cols);
            // Outputs and input gradients are recycled once used, as PyTorch frees a tensor when its last
            // reference goes, so that each call reuses buffers instead of faulting in fresh memory.
            double fwd = Timing.Median(() => { using (Tensor.NoGrad()) module.Forward(x).Recycle(); });
            double fwdBwd = Timing.Median(() =>
            {
                var xg = x.Detach();
                xg.RequiresGrad = true;
                module.ZeroGrad();
                var y = module.Forward(xg);
                y.Backward(ones);
                y.Recycle();
                xg.Grad!.Recycle();
            });
            double memoryFloor = 20 * rows * cols * copyNsPerElement / 8 / 1e6; // ms: 20 B/el at the copy's 8 B/el rate
            double computeFloor = (double)rows * cols * ops / peak * 1e3;
            double floor = Math.Max(memoryFloor, computeFloor);
            string bound = computeFloor > memoryFloor ? "compute" : "memory";
            Console.Error.WriteLine($"  {name,-22} fwd {fwd:F3} ms  fwd+bwd {fwdBwd:F3} ms  ({bound} floor {floor:F3} ms, {fwdBwd / floor:F2}×)");
            results.Add(new { name, rows, cols, fwd_ms = fwd, fwdbwd_ms = fwdBwd, floor_ms = floor, memory_floor_ms = memoryFloor, compute_floor_ms = computeFloor, ops, bound });
        }
        if (json != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
            File.WriteAllText(json, JsonSerializer.Serialize(new { threads, copy_ns_per_element = copyNsPerElement, peak_lane_ops_per_s = peak, results }));
        }
        return 0;
    }

    /// <summary>
    /// Peak vector FMA throughput in float lanes per second over <paramref name="threads"/> threads: ten independent
    /// register-resident chains of 512-bit FMAs per thread (enough to cover two pipes × four cycles of latency).
    /// </summary>
    private static double PeakLaneOpsPerSecond(int threads)
    {
        const int Steps = 1 << 22;
        var sink = new float[threads];
        void Burn(int t)
        {
            var m = Vector512.Create(0.999999f);
            var c = Vector512.Create(1e-7f);
            Vector512<float> a0 = Vector512.Create(1f), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c;
            Vector512<float> a5 = a4 + c, a6 = a5 + c, a7 = a6 + c, a8 = a7 + c, a9 = a8 + c;
            for (int i = 0; i < Steps; i++)
            {
                a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
                a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
                a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
                a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
                a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            }
            sink[t] = Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
        }
        Parallelism.For(threads, Burn); // warm-up and JIT
        double best = 0;
        for (int r = 0; r < 3; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Parallelism.For(threads, Burn);
            best = Math.Max(best, (double)threads * Steps * 10 * 16 / Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        GC.KeepAlive(sink);
        return best;
    }

    private static double CopyNs(int n)
    {
        var a = new float[n];
        var b = new float[n];
        return Timing.Median(() => a.AsSpan().CopyTo(b)) * 1e6 / n;
    }
}

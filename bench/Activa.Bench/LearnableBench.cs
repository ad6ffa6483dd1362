using System.Diagnostics;
using System.Globalization;
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
    private static readonly (string Name, Func<Module> Make, int Rows, int Cols)[] Cases =
    [
        ("ref: relu", () => new Act("relu"), 1024, 1024),
        ("ref: silu", () => new Act("silu"), 1024, 1024),
        ("PAU(5,4) safe", () => new Pau(1024), 1024, 1024),
        ("APA", () => LearnableActivations.Create("apa", 1024), 1024, 1024),
        ("AGLU", () => new Aglu(1024), 1024, 1024),
        ("Dice (512 features)", () => new Dice(512), 1024, 512),
        ("Dice (1024 features)", () => new Dice(1024), 1024, 1024),
        ("PReLU shared", () => new PRelu(1024), 1024, 1024),
        ("PReLU per channel", () => new PRelu(1024, sharing: ParameterSharing.Channel), 1024, 1024),
        ("Swish-β", () => new SwishBeta(1024), 1024, 1024),
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
        Console.Error.WriteLine($"  copy {copyNsPerElement:F3} ns/el");
        foreach (var (name, make, rows, cols) in Cases)
        {
            if (filter != null && !name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
            var module = make();
            module.Train();
            var x = Tensor.Randn([rows, cols], new Generator(1));
            var ones = Tensor.Ones(rows, cols);
            // Outputs and input gradients are recycled once used, as PyTorch frees a tensor when its last
            // reference goes, so that each call reuses buffers instead of faulting in fresh memory.
            double fwd = Median(() => { using (Tensor.NoGrad()) module.Forward(x).Recycle(); });
            double fwdBwd = Median(() =>
            {
                var xg = x.Detach();
                xg.RequiresGrad = true;
                module.ZeroGrad();
                var y = module.Forward(xg);
                y.Backward(ones);
                y.Recycle();
                xg.Grad!.Recycle();
            });
            double floor = 20 * rows * cols * copyNsPerElement / 8 / 1e6; // ms: 20 B/el at the copy's 8 B/el rate
            Console.Error.WriteLine($"  {name,-22} fwd {fwd:F3} ms  fwd+bwd {fwdBwd:F3} ms  (floor {floor:F3} ms, {fwdBwd / floor:F2}×)");
            results.Add(new { name, rows, cols, fwd_ms = fwd, fwdbwd_ms = fwdBwd, floor_ms = floor });
        }
        if (json != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
            File.WriteAllText(json, JsonSerializer.Serialize(new { threads, copy_ns_per_element = copyNsPerElement, results }));
        }
        return 0;
    }

    private static double CopyNs(int n)
    {
        var a = new float[n];
        var b = new float[n];
        return Median(() => a.AsSpan().CopyTo(b)) * 1e6 / n;
    }

    /// <summary>Median milliseconds per call over 9 repetitions of ≥ 50 ms after a 1 s warm-up (long enough for tiered JIT to settle).</summary>
    private static double Median(Action f)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 20 || clock.Elapsed.TotalSeconds < 1.0) { f(); calls++; }
        int per = Math.Max(1, (int)Math.Ceiling(0.05 / (clock.Elapsed.TotalSeconds / calls)));
        var times = new List<double>();
        for (int r = 0; r < 9; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < per; i++) f();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / per);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}

using System.Diagnostics;
using Activa.Analysis;
using Activa.Kernels;
using Activa.Losses;
using Activa.Models;
using Activa.Optim;

namespace Activa.Bench;

/// <summary>
/// Cost of <see cref="ActivationProbes"/>: one training step (forward, cross-entropy, backward, Adam) of the
/// 784-512-512-10 MLP at batch 256 with probes off, on the outputs without histograms ("rates only"), on the outputs,
/// and on inputs and outputs (the default). The four run interleaved, rep after rep, so that drift of the machine hits them alike; medians are reported.
/// Goal of issue 15: all probes on costs ≤ 10 % of a step.
/// </summary>
internal static class ProbeBench
{
    public static int Run(string[] args)
    {
        int steps = 20, reps = 9, threads = Parallelism.Threads;
        string act = "relu";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--steps": steps = int.Parse(args[++i]); break;
                case "--reps": reps = int.Parse(args[++i]); break;
                case "--threads": threads = int.Parse(args[++i]); break;
                case "--act": act = args[++i]; break;
                default:
                    Console.Error.WriteLine($"probes: unknown option '{args[i]}'. Options: --steps N --reps R --threads T --act NAME");
                    return 2;
            }
        }
        Parallelism.Threads = threads;
        var model = Mlp.Build(new ModelConfig { Inputs = 784, Hidden = [512, 512], Outputs = 10, Activation = act }, new Generator(0));
        var optimizer = new Adam(model.Parameters());
        var x = Tensor.Randn([256, 784], new Generator(1));
        var rng = new Random(2);
        int[] labels = [.. Enumerable.Range(0, 256).Select(_ => rng.Next(10))];

        var process = Process.GetCurrentProcess();
        double cpu = 0; // CPU ms per step of the last Steps call: less exposed than wall time to a machine shared with other jobs
        double Steps(ProbeOptions? options)
        {
            using var probes = options == null ? null : ActivationProbes.Attach(model, options);
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            for (int s = 0; s < steps; s++)
            {
                optimizer.ZeroGrad();
                Loss.CrossEntropy(model.Forward(x), labels).Backward();
                optimizer.Step();
            }
            double wall = Stopwatch.GetElapsedTime(t0).TotalMilliseconds / steps;
            process.Refresh();
            cpu = (process.TotalProcessorTime - c0).TotalMilliseconds / steps;
            return wall;
        }

        (string Name, ProbeOptions? Options)[] modes =
            [("off", null), ("rates only", new ProbeOptions { Inputs = false, Histograms = false }),
             ("outputs only", new ProbeOptions { Inputs = false }), ("inputs + outputs", new ProbeOptions())];
        foreach (var (_, options) in modes) Steps(options); // warm-up: JIT of every path
        var times = modes.Select(_ => new List<double>()).ToArray();
        var cpuTimes = modes.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < reps; r++)
            for (int m = 0; m < modes.Length; m++)
            {
                times[m].Add(Steps(modes[m].Options));
                cpuTimes[m].Add(cpu);
            }
        double off = Median(times[0]), offCpu = Median(cpuTimes[0]);
        Console.WriteLine($"activa probes: MLP 784-512-512-10 {act}, batch 256, Adam, {threads} threads, {reps} reps × {steps} steps (median ms/step)");
        for (int m = 0; m < modes.Length; m++)
        {
            double t = Median(times[m]), c = Median(cpuTimes[m]);
            Console.WriteLine($"  {modes[m].Name,-17} {t,8:F3} ms/step   overhead {(t / off - 1) * 100,6:F1} %   " +
                              $"(CPU {c,8:F3} ms/step, overhead {(c / offCpu - 1) * 100,6:F1} %)");
        }

        // the probe's own work per activation tensor, apart from the step (less exposed to a busy machine)
        var a = Tensor.Randn([256, 512], new Generator(3)).Relu();
        var stats = new UnitStatistics(512, new ProbeOptions());
        var histogram = new Histogram(60, -6, 6);
        double Time(Action body)
        {
            for (int i = 0; i < 20; i++) body();
            var t = new List<double>();
            for (int r = 0; r < reps; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < 50; i++) body();
                t.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / 50);
            }
            return Median(t);
        }
        double add = Time(() => stats.Add(a)), hist = Time(() => histogram.Add(a.AsSpan()));
        Console.WriteLine($"  per [256, 512] tensor: UnitStatistics.Add {add:F3} ms, of which the histogram {hist:F3} ms " +
                          $"({add * 1e6 / a.Numel:F2} ns/element); a step probes 4 such tensors with inputs + outputs");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Activa.Activations;
using Activa.Kernels;

namespace Activa.Bench;

/// <summary>
/// Activation kernels, ns per element: forward y = f(x) into a preallocated y, and forward + backward (the same
/// forward, then the fused gIn = gOut·f'(…) of <see cref="Elementwise.Backward{TOp}(TOp, float[], int, float[], int, float[], int, float[], int, int)"/>
/// on preallocated buffers, reading only what the activation's derivative declares it uses), next to a copy
/// floor (x → y, preallocated) at the same size and thread count.
/// </summary>
/// <remarks>
/// <para>By default only activations with a PyTorch expression in the catalogue are measured (those the torch side,
/// bench/torch/bench_activations.py, can time too); <c>--all</c> adds the rest. The list measured is written to
/// <c>--list</c> (name → torch expression) for the torch side to read.</para>
/// <para>Floors: forward must move 8 B/element (read x, write y), forward + backward 20 B/element (plus read gOut
/// and the saved tensor, write gIn), at the bandwidth of the copy. The copy floor is the faster of an elementwise
/// identity map (the same vector loop and parallel split as the kernels) and <see cref="Span{T}.CopyTo"/>.</para>
/// </remarks>
internal static class ActsBench
{
    private const string Options = "--sizes 65536,16777216 --threads 1,2 --names a,b,... --all --reps N --min-rep-s S " +
                                   "--json bench/results/acts.json --list bench/results/acts_list.json --md bench/results/acts.md";

    public static int Run(string[] args)
    {
        int[] sizes = [1 << 16, 1 << 24];
        int[] threads = [1, 2];
        string[]? names = null;
        bool all = false;
        int reps = 7;
        double minRepSeconds = 0.1, warmupSeconds = 0.3;
        string jsonPath = "bench/results/acts.json", listPath = "bench/results/acts_list.json", mdPath = "bench/results/acts.md";
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--sizes": sizes = ParseInts(args[++i]); break;
                    case "--threads": threads = ParseInts(args[++i]); break;
                    case "--names": names = SplitSpecs(args[++i]); break;
                    case "--all": all = true; break;
                    case "--reps": reps = Math.Max(5, int.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                    case "--min-rep-s": minRepSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--warmup-s": warmupSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--json": jsonPath = args[++i]; break;
                    case "--list": listPath = args[++i]; break;
                    case "--md": mdPath = args[++i]; break;
                    default:
                        Console.Error.WriteLine($"acts: unknown option '{args[i]}'. Options: {Options}");
                        return 2;
                }
            }
            if (sizes.Any(n => n < 16) || threads.Any(t => t < 1)) throw new FormatException("sizes must be ≥ 16 and threads ≥ 1");
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            Console.Error.WriteLine($"acts: bad arguments ({e.Message}). Options: {Options}");
            return 2;
        }

        List<IActivation> acts;
        try
        {
            acts = Select(names, all);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"acts: {e.Message}");
            return 2;
        }
        if (acts.Count == 0)
        {
            Console.Error.WriteLine("acts: nothing to measure (no activation with a PyTorch expression matched; try --all).");
            return 2;
        }
        WriteList(listPath, acts);

        var timing = new Timing(reps, minRepSeconds, warmupSeconds);
        Prewarm(acts, threads.Max());
        var copies = new List<CopyResult>();
        var rows = new List<ActResult>();
        int savedThreads = Parallelism.Threads;
        try
        {
            foreach (int n in sizes)
            {
                var buffers = new Buffers(n);
                foreach (int t in threads)
                {
                    Parallelism.Threads = t;
                    var copy = MeasureCopy(buffers, t, timing);
                    copies.Add(copy);
                    Console.Error.WriteLine($"  n={n,9} t={t} copy {copy.FloorNsPerElement:F4} ns/el ({copy.GBps:F1} GB/s)");
                    foreach (var act in acts)
                    {
                        var (fwd, fwdBwd, uses) = Measure(act, buffers, timing);
                        var r = new ActResult(act.Info.Name, act.Spec, TorchOf(act), uses, n, t, fwd / n * 1e9, fwdBwd / n * 1e9, copy.FloorNsPerElement);
                        rows.Add(r);
                        Console.Error.WriteLine($"  n={n,9} t={t} {r.Spec,-22} fwd {r.FwdNs,8:F4}  fwd+bwd {r.FwdBwdNs,8:F4} ns/el  " +
                                                $"(fwd {r.FwdVsFloor:F2}× copy, f+b {r.FwdBwdVsFloor:F2}× 20 B/el)");
                    }
                }
            }
        }
        finally
        {
            Parallelism.Threads = savedThreads;
        }

        string md = Markdown(rows);
        Console.Write(md);
        WriteText(mdPath, md);
        WriteJson(jsonPath, rows, copies, timing);
        return 0;
    }

    // "elu(alpha=0.5, x=1),relu" → ["elu(alpha=0.5, x=1)", "relu"]: commas inside parentheses belong to a spec.
    private static string[] SplitSpecs(string s)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= s.Length; i++)
        {
            if (i == s.Length || (s[i] == ',' && depth == 0))
            {
                if (s[start..i].Trim() is { Length: > 0 } part) parts.Add(part);
                start = i + 1;
            }
            else if (s[i] == '(') depth++;
            else if (s[i] == ')') depth--;
        }
        return [.. parts];
    }

    private static int[] ParseInts(string s) =>
        [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture))];

    /// <summary>The activations to measure: the named ones (specs allowed), else all with a torch expression (or all).</summary>
    private static List<IActivation> Select(string[]? names, bool all)
    {
        var specs = names ?? [.. Activation.Catalog.Where(i => all || i.Torch != null).Select(i => i.Name)];
        var acts = new List<IActivation>();
        foreach (var spec in specs)
        {
            var act = Activation.Create(spec);
            if (!IsFixed(act))
            {
                Console.Error.WriteLine($"acts: skipping '{act.Spec}': not a fused fixed activation (e.g. the stochastic rrelu).");
                continue;
            }
            if (names != null && TorchOf(act) is null)
                Console.Error.WriteLine($"acts: '{act.Spec}' has no PyTorch expression; measured on the Activa side only.");
            acts.Add(act);
        }
        return acts;
    }

    private static bool IsFixed(IActivation act) =>
        act.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ActivationFunction<>);

    // name → torch expression (null when PyTorch has none), for bench/torch/bench_activations.py.
    private static void WriteList(string path, List<IActivation> acts)
    {
        var map = new Dictionary<string, string?>();
        foreach (var a in acts) map[a.Spec] = TorchOf(a);
        WriteText(path, JsonSerializer.Serialize(map, JsonOptions));
    }

    // The catalogue's torch expression is for the default parameters only.
    private static string? TorchOf(IActivation a) => a.Spec == a.Info.Name ? a.Info.Torch : null;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // ---------------------------------------------------------------- measurement

    private sealed class Buffers
    {
        public readonly float[] X, Y, GOut, GIn;
        public int N => X.Length;

        public Buffers(int n)
        {
            X = new float[n]; Y = new float[n]; GOut = new float[n]; GIn = new float[n];
            var rng = new Random(0);
            for (int i = 0; i < n; i += 2) // x ~ N(0, 1) by Box–Muller, as torch.randn
            {
                double u = 1 - rng.NextDouble(), v = rng.NextDouble();
                double r = Math.Sqrt(-2 * Math.Log(u));
                X[i] = (float)(r * Math.Cos(2 * Math.PI * v));
                if (i + 1 < n) X[i + 1] = (float)(r * Math.Sin(2 * Math.PI * v));
            }
            Array.Fill(GOut, 1f); // as y.backward(ones)
            Array.Fill(Y, 1f);    // touch every page before timing
            Array.Fill(GIn, 1f);
        }
    }

    private sealed record Timing(int Reps, double MinRepSeconds, double WarmupSeconds)
    {
        /// <summary>Median seconds per call: warm-up (≥ 3 calls and ≥ WarmupSeconds) sizes a repetition to last
        /// ≥ MinRepSeconds, then Reps repetitions.</summary>
        public double Median(Action call)
        {
            long t0 = Stopwatch.GetTimestamp();
            int calls = 0;
            double elapsed;
            do
            {
                call();
                calls++;
                elapsed = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            } while (calls < 3 || elapsed < WarmupSeconds);
            int iters = Math.Max(1, (int)Math.Ceiling(MinRepSeconds / (elapsed / calls)));
            var times = new double[Reps];
            for (int r = 0; r < Reps; r++)
            {
                long s = Stopwatch.GetTimestamp();
                for (int i = 0; i < iters; i++) call();
                times[r] = Stopwatch.GetElapsedTime(s).TotalSeconds / iters;
            }
            Array.Sort(times);
            return Reps % 2 == 1 ? times[Reps / 2] : (times[Reps / 2 - 1] + times[Reps / 2]) / 2;
        }
    }

    private readonly struct Copy : IUnaryOp
    {
        public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => x;
    }

    private sealed record CopyResult(int N, int Threads, double MapNsPerElement, double MemmoveNsPerElement)
    {
        public double FloorNsPerElement => Math.Min(MapNsPerElement, MemmoveNsPerElement);
        public double GBps => 8 / FloorNsPerElement; // 8 B/element moved, ns → GB/s
    }

    private static CopyResult MeasureCopy(Buffers b, int threads, Timing timing)
    {
        double map = timing.Median(() => Elementwise.Map(new Copy(), b.X, 0, b.Y, 0, b.N));
        double memmove = timing.Median(() => b.X.AsSpan().CopyTo(b.Y));
        return new CopyResult(b.N, threads, map / b.N * 1e9, memmove / b.N * 1e9);
    }

    /// <summary>
    /// Brings every kernel to its optimised JIT tier before anything is timed: each loop (the parallel path too) is
    /// called well past the tier-up call count twice, with pauses that let the tiering delay expire and the
    /// background compiler finish. The per-measurement warm-up then only has to settle caches and clocks.
    /// </summary>
    private static void Prewarm(List<IActivation> acts, int threads)
    {
        int saved = Parallelism.Threads;
        Parallelism.Threads = threads;
        try
        {
            var b = new Buffers(2 * Elementwise.ParallelChunk); // the chunked (parallel) path
            for (int round = 0; round < 2; round++)
            {
                for (int i = 0; i < 40; i++)
                {
                    Elementwise.Map(new Copy(), b.X, 0, b.Y, 0, b.N);
                    b.X.AsSpan().CopyTo(b.Y);
                }
                foreach (var act in acts) Invoke(act, b, 40);
                Thread.Sleep(300);
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    private static readonly MethodInfo RunFixed = typeof(ActsBench).GetMethod(nameof(RunOp), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static void Invoke(IActivation act, Buffers b, int calls)
    {
        var opType = act.GetType().GetGenericArguments()[0];
        var op = act.GetType().GetProperty("Op")!.GetValue(act)!;
        RunFixed.MakeGenericMethod(opType).Invoke(null, [op, b, calls]);
    }

    private static void RunOp<TOp>(TOp op, Buffers b, int calls) where TOp : struct, IFixedActivation<TOp>
    {
        var (s1, s2) = Saved<TOp>(b);
        for (int i = 0; i < calls; i++)
        {
            Elementwise.Forward(op, b.X, 0, b.Y, 0, b.N);
            Elementwise.Backward(op, s1, 0, s2, 0, b.GOut, 0, b.GIn, 0, b.N);
        }
    }

    // Saved tensors passed to the derivative, as Tensor.Apply does: only the one it reads, in both slots.
    private static (float[], float[]) Saved<TOp>(Buffers b) where TOp : struct, IFixedActivation<TOp> => TOp.Uses switch
    {
        DerivativeInput.Input => (b.X, b.X),
        DerivativeInput.Output => (b.Y, b.Y),
        _ => (b.X, b.Y),
    };

    private static readonly MethodInfo MeasureFixed = typeof(ActsBench).GetMethod(nameof(MeasureOp), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>(forward s/call, forward + backward s/call, derivative input) of a registry activation.</summary>
    private static (double Fwd, double FwdBwd, DerivativeInput Uses) Measure(IActivation act, Buffers b, Timing timing)
    {
        var opType = act.GetType().GetGenericArguments()[0];
        var op = act.GetType().GetProperty("Op")!.GetValue(act)!;
        return ((double, double, DerivativeInput))MeasureFixed.MakeGenericMethod(opType).Invoke(null, [op, b, timing])!;
    }

    // Specialised per operator struct, like the library's own call sites (Tensor.Apply).
    private static (double, double, DerivativeInput) MeasureOp<TOp>(TOp op, Buffers b, Timing timing) where TOp : struct, IFixedActivation<TOp>
    {
        int n = b.N;
        float[] x = b.X, y = b.Y, g = b.GOut, gi = b.GIn;
        var uses = TOp.Uses;
        var (s1, s2) = Saved<TOp>(b);
        double fwd = timing.Median(() => Elementwise.Forward(op, x, 0, y, 0, n));
        double fwdBwd = timing.Median(() =>
        {
            Elementwise.Forward(op, x, 0, y, 0, n);
            Elementwise.Backward(op, s1, 0, s2, 0, g, 0, gi, 0, n);
        });
        return (fwd, fwdBwd, uses);
    }

    // ---------------------------------------------------------------- output

    private sealed record ActResult(string Name, string Spec, string? Torch, DerivativeInput Uses, int N, int Threads,
        double FwdNs, double FwdBwdNs, double CopyNs)
    {
        /// <summary>Forward time over the copy floor (8 B/element both).</summary>
        public double FwdVsFloor => FwdNs / CopyNs;
        /// <summary>Forward + backward time over its traffic floor: 20 B/element at copy bandwidth = 2.5 copies.</summary>
        public double FwdBwdVsFloor => FwdBwdNs / (2.5 * CopyNs);
    }

    private static string F(double v, int d) => v.ToString("F" + d, CultureInfo.InvariantCulture);

    private static string Markdown(List<ActResult> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Activation kernels, Activa ({VectorWidth()}), ns/element, median of repetitions. Floors: forward 8 B/el and " +
                      "fwd+bwd 20 B/el at the measured copy bandwidth; ✓ = within 1.5× the floor.");
        sb.AppendLine();
        sb.AppendLine("| activation | n | threads | fwd | fwd+bwd | copy | fwd / copy | fwd+bwd / (2.5·copy) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Spec} | {r.N} | {r.Threads} | {F(r.FwdNs, 4)} | {F(r.FwdBwdNs, 4)} | {F(r.CopyNs, 4)} " +
                          $"| {F(r.FwdVsFloor, 2)}{(r.FwdVsFloor <= 1.5 ? " ✓" : "")} | {F(r.FwdBwdVsFloor, 2)}{(r.FwdBwdVsFloor <= 1.5 ? " ✓" : "")} |");
        return sb.ToString();
    }

    private static string VectorWidth() =>
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "scalar";

    private static void WriteJson(string path, List<ActResult> rows, List<CopyResult> copies, Timing timing)
    {
        var doc = new
        {
            benchmark = "acts",
            vector = VectorWidth(),
            cpu_count = Environment.ProcessorCount,
            runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            reps = timing.Reps,
            min_rep_s = timing.MinRepSeconds,
            started = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            traffic_bytes = new { fwd = 8, fwdbwd = 20 },
            copy = copies.Select(c => new
            {
                n = c.N, threads = c.Threads, map_ns_el = c.MapNsPerElement, memmove_ns_el = c.MemmoveNsPerElement,
                floor_ns_el = c.FloorNsPerElement, gbps = c.GBps,
            }),
            results = rows.Select(r => new
            {
                name = r.Name, spec = r.Spec, torch = r.Torch, uses = r.Uses.ToString(), n = r.N, threads = r.Threads,
                fwd_ns_el = r.FwdNs, fwdbwd_ns_el = r.FwdBwdNs, copy_ns_el = r.CopyNs,
                fwd_vs_copy = r.FwdVsFloor, fwdbwd_vs_traffic = r.FwdBwdVsFloor,
            }),
        };
        WriteText(path, JsonSerializer.Serialize(doc, JsonOptions));
    }

    private static void WriteText(string path, string text)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, text);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Activa.Autograd;
using Activa.Data.Forecasting;
using Activa.Kernels;
using Activa.Losses;
using Activa.Models.Forecasting;
using Activa.Optim;

namespace Activa.Bench;

/// <summary>
/// The forecasting benchmark of the forecasting issue: TPGN and the GRU baseline at L = 96, H = 336 on the embedded
/// synthetic series (8,000 steps × 4 channels, Time-Series-Library 7:1:2 splits, multivariate windows, models
/// channel-independent inside, RevIN on as in the CLI), batch 32, MSE and Adam at 1e-3 as
/// <see cref="Training.ForecastTrainer"/>. Per model and thread count: training steps/s over a fixed number of steps
/// after a warm-up (shuffled batches gathered every step, the loss read back every step, as the trainer does) and the
/// epoch time it implies; inference latency (eval mode, no autograd) of one batch of 32 windows and of one window,
/// p50 and p99 over many calls. <c>bench/torch/bench_forecast.py</c> times the same models in PyTorch; with
/// <c>--export DIR</c> this side writes the standardised series it trained on and, per model, its weights with one
/// input batch and the output, so that the PyTorch side trains on the same values and checks that its model computes
/// the same function. <c>--phases</c> adds where one TPGN training step goes.
/// </summary>
internal static class ForecastBench
{
    private const int InputLength = 96, Horizon = 336, BatchSize = 32;

    public static int Run(string[] args)
    {
        int[] threadCounts = [1, 2];
        string[] models = ["tpgn", "gru"];
        int steps = 100, warmup = 10, calls = 500;
        bool phases = false;
        string? json = null, export = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threadCounts = [.. args[++i].Split(',').Select(int.Parse)]; break;
                case "--models": models = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--steps": steps = int.Parse(args[++i]); break;
                case "--warmup": warmup = int.Parse(args[++i]); break;
                case "--calls": calls = int.Parse(args[++i]); break;
                case "--phases": phases = true; break;
                case "--json": json = args[++i]; break;
                case "--export": export = args[++i]; break;
                default:
                    Console.Error.WriteLine($"forecast: unknown option '{args[i]}'. Options: --threads 1,2 --models tpgn,gru --steps N --warmup N --calls N --phases --json out.json --export DIR");
                    return 2;
            }
        }
        if (steps < 1 || warmup < 0 || calls < 2)
        {
            Console.Error.WriteLine($"forecast: --steps must be at least 1, --warmup at least 0 and --calls at least 2 (got {steps}, {warmup}, {calls}).");
            return 2;
        }

        var series = SyntheticSeries.Generate();
        var data = ForecastData.Create(series, SplitProtocol.Tsl, InputLength, Horizon, ChannelMode.Multivariate);
        int stepsPerEpoch = data.Train.BatchCount(BatchSize);
        if (export != null) ExportSeries(export, series, data);

        var results = new List<Dictionary<string, object>>();
        foreach (var name in models)
        {
            if (export != null) ExportModel(export, name, data, series);
            foreach (int threads in threadCounts)
            {
                Parallelism.Threads = threads;
                var model = Build(name, series);
                double stepsPerSecond = TrainRate(model, data, warmup, steps);
                var (b32p50, b32p99) = Latency(model, data, BatchSize, calls);
                var (b1p50, b1p99) = Latency(model, data, 1, calls);
                Console.WriteLine($"activa {name} ({model.ParameterCount:N0} parameters), {threads} thread(s): train {stepsPerSecond:F1} steps/s " +
                                  $"(epoch of {stepsPerEpoch} steps {stepsPerEpoch / stepsPerSecond:F2} s); inference batch 32 p50 {b32p50:F0} µs p99 {b32p99:F0} µs, " +
                                  $"1 window p50 {b1p50:F0} µs p99 {b1p99:F0} µs");
                results.Add(new()
                {
                    ["model"] = name, ["threads"] = threads, ["params"] = model.ParameterCount, ["train_steps_per_s"] = stepsPerSecond,
                    ["infer_b32_p50_us"] = b32p50, ["infer_b32_p99_us"] = b32p99, ["infer_b1_p50_us"] = b1p50, ["infer_b1_p99_us"] = b1p99,
                });
                if (phases && name == "tpgn") PrintPhases(Build(name, series), data, warmup, steps, threads);
            }
        }
        if (json != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
            var fields = new Dictionary<string, object>
            {
                ["side"] = "activa", ["data"] = $"{series.Name} {series.Length}x{series.Channels}", ["input"] = InputLength, ["horizon"] = Horizon,
                ["batch"] = BatchSize, ["steps_per_epoch"] = stepsPerEpoch, ["train_windows"] = data.Train.Count, ["steps"] = steps,
                ["warmup"] = warmup, ["calls"] = calls, ["results"] = results,
            };
            File.WriteAllText(json, JsonSerializer.Serialize(fields));
        }
        return 0;
    }

    /// <summary>The model as the CLI builds it for the synthetic series (P = its first period, 24; RevIN on; d = 32; GRU hidden 64), seed 0.</summary>
    private static ForecastModel Build(string name, TimeSeries series) => ForecastModel.Create(name, new ForecastModelOptions
    {
        InputLength = InputLength, Horizon = Horizon, Channels = series.Channels, Period = series.Periods.Length > 0 ? series.Periods[0] : 24, RevIn = true,
    }, seed: 0);

    /// <summary>Training steps per second: <paramref name="warmup"/> untimed steps, then <paramref name="steps"/> timed ones.</summary>
    private static double TrainRate(ForecastModel model, ForecastData data, int warmup, int steps)
    {
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        model.Train();
        var rng = new Generator(0);
        using var batches = Endless(data.Train, rng).GetEnumerator();
        for (int i = 0; i < warmup; i++) Step(model, optimizer, batches);
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < steps; i++) Step(model, optimizer, batches);
        return steps / Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    /// <summary>One step as <see cref="Training.ForecastTrainer"/> takes it: next shuffled batch, forward, MSE, read the loss, backward, Adam.</summary>
    private static float Step(ForecastModel model, Adam optimizer, IEnumerator<(Tensor Input, Tensor Target)> batches)
    {
        batches.MoveNext();
        var (input, target) = batches.Current;
        var loss = Loss.Mse(model.Forward(input), target);
        float value = loss.Item();
        if (!float.IsFinite(value)) throw new InvalidOperationException($"forecast: the loss became {value}.");
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
        return value;
    }

    /// <summary>Shuffled training batches, epoch after epoch.</summary>
    private static IEnumerable<(Tensor Input, Tensor Target)> Endless(WindowDataset windows, Generator rng)
    {
        while (true)
            foreach (var batch in windows.Batches(BatchSize, shuffle: true, rng))
                yield return batch;
    }

    /// <summary>p50 and p99 µs of one forward pass on the first <paramref name="batch"/> test windows, over <paramref name="calls"/> calls after a warm-up.</summary>
    private static (double P50, double P99) Latency(ForecastModel model, ForecastData data, int batch, int calls)
    {
        var (input, _) = data.Test.Batch([.. Enumerable.Range(0, batch)]);
        model.Eval();
        try
        {
            using var _ = Tensor.NoGrad();
            for (int i = 0; i < Math.Max(20, calls / 10); i++) model.Forward(input);
            var times = new double[calls];
            for (int i = 0; i < calls; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                model.Forward(input);
                times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            }
            Array.Sort(times);
            return (Quantile(times, 0.5), Quantile(times, 0.99));
        }
        finally { model.Train(); }
    }

    /// <summary>The q-quantile of sorted values, linear between neighbours (numpy's default).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)pos, hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /// <summary>Mean ms per training step in each phase (data, forward, loss, backward, optimiser) over <paramref name="steps"/> steps.</summary>
    private static void PrintPhases(ForecastModel model, ForecastData data, int warmup, int steps, int threads)
    {
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        model.Train();
        using var batches = Endless(data.Train, new Generator(0)).GetEnumerator();
        for (int i = 0; i < warmup; i++) Step(model, optimizer, batches);
        var sum = new double[5];
        var backwardOps = new Dictionary<string, double>();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        for (int i = 0; i < steps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            batches.MoveNext();
            var (input, target) = batches.Current;
            long t1 = Stopwatch.GetTimestamp();
            var output = model.Forward(input);
            long t2 = Stopwatch.GetTimestamp();
            var loss = Loss.Mse(output, target);
            loss.Item();
            long t3 = Stopwatch.GetTimestamp();
            optimizer.ZeroGrad();
            using (var profile = BackwardProfiler.Start())
            {
                loss.Backward();
                foreach (var (op, t) in profile.Ops)
                    backwardOps[op] = backwardOps.GetValueOrDefault(op) + t.Elapsed.TotalMilliseconds;
            }
            long t4 = Stopwatch.GetTimestamp();
            optimizer.Step();
            long t5 = Stopwatch.GetTimestamp();
            long[] marks = [t0, t1, t2, t3, t4, t5];
            for (int p = 0; p < 5; p++) sum[p] += Stopwatch.GetElapsedTime(marks[p], marks[p + 1]).TotalMilliseconds;
        }
        double perStep = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)steps;
        (gc0, gc1, gc2) = (GC.CollectionCount(0) - gc0, GC.CollectionCount(1) - gc1, GC.CollectionCount(2) - gc2);
        double pausedMs = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds / steps;
        string[] names = ["data", "forward", "loss", "backward", "adam"];
        double total = sum.Sum();
        Console.WriteLine($"  tpgn training step, {threads} thread(s): {total / steps:F3} ms = " +
                          string.Join(", ", names.Select((n, p) => $"{n} {sum[p] / steps:F3} ms ({sum[p] / total:P0})")));
        Console.WriteLine($"    allocated {perStep / 1024:F0} KiB per step; GCs gen0/1/2 over {steps} steps: {gc0}/{gc1}/{gc2}, GC pauses {pausedMs:F3} ms per step");
        Console.WriteLine("    backward by op: " + string.Join(", ", backwardOps.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value / steps:F3} ms")) +
                          $"; engine and accumulation {sum[3] / steps - backwardOps.Values.Sum() / steps:F3} ms");
        if (model is Tpgn tpgn) PrintForwardParts(tpgn, data, steps);
    }

    /// <summary>Mean ms of each part of TPGN's forward (training mode, recorded), written out as <see cref="Tpgn"/> runs it.</summary>
    private static void PrintForwardParts(Tpgn model, ForecastData data, int steps)
    {
        var (input, _) = data.Train.Batch([.. Enumerable.Range(0, BatchSize)]);
        int n = BatchSize * model.Options.Channels, p = model.Options.Period, r = model.Rows, d = model.Options.DModel;
        string[] names = ["revin", "to grid", "long pgn", "long aggregate", "short branch", "concat+expand", "head", "to steps", "denormalize"];
        var sum = new double[names.Length];
        for (int i = 0; i < steps + 5; i++)
        {
            var marks = new long[names.Length + 1];
            int m = 0;
            marks[m++] = Stopwatch.GetTimestamp();
            var (x, stats) = model.Normalization!.Normalize(input);
            marks[m++] = Stopwatch.GetTimestamp();
            var grid = x.Permute(0, 2, 1).Reshape(n, r, p);
            var columns = grid.Transpose(1, 2).Reshape(n * p, r, 1);
            marks[m++] = Stopwatch.GetTimestamp();
            var longH = model.LongTerm.Forward(columns);
            marks[m++] = Stopwatch.GetTimestamp();
            var longF = model.LongAggregate.Forward(longH.Reshape(n * p, r * d)).Reshape(n, p, d);
            marks[m++] = Stopwatch.GetTimestamp();
            var shortF = model.PatchMixing.Forward(model.PatchEmbedding.Forward(grid).Reshape(n, model.Patches * d));
            marks[m++] = Stopwatch.GetTimestamp();
            var both = Tensor.Concat([longF, shortF.Unsqueeze(1).Expand(n, p, d)], 2);
            marks[m++] = Stopwatch.GetTimestamp();
            var y = model.Head.Forward(both);
            marks[m++] = Stopwatch.GetTimestamp();
            var outSteps = y.Transpose(1, 2).Reshape(n, model.OutputRows * p).Narrow(1, 0, model.Options.Horizon)
                .Reshape(BatchSize, model.Options.Channels, model.Options.Horizon).Permute(0, 2, 1);
            marks[m++] = Stopwatch.GetTimestamp();
            model.Normalization.Denormalize(outSteps, stats).Contiguous();
            marks[m++] = Stopwatch.GetTimestamp();
            if (i >= 5)
                for (int k = 0; k < names.Length; k++) sum[k] += Stopwatch.GetElapsedTime(marks[k], marks[k + 1]).TotalMilliseconds;
        }
        Console.WriteLine("    forward by part: " + string.Join(", ", names.Select((name, k) => $"{name} {sum[k] / steps:F3} ms")));
    }

    /// <summary>The standardised series ([T, C] float32, little-endian) and where its splits lie, for the PyTorch side.</summary>
    private static void ExportSeries(string dir, TimeSeries series, ForecastData data)
    {
        Directory.CreateDirectory(dir);
        var scaled = data.Scaler.Transform(series).Values;
        using (var f = File.Create(Path.Combine(dir, "forecast-series.f32")))
            f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(scaled.AsSpan()));
        var s = data.Splits;
        File.WriteAllText(Path.Combine(dir, "forecast-series.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = series.Name, ["steps"] = series.Length, ["channels"] = series.Channels,
            ["train"] = new[] { s.Train.Start, s.Train.End }, ["validation"] = new[] { s.Validation.Start, s.Validation.End },
            ["test"] = new[] { s.Test.Start, s.Test.End }, ["train_windows"] = data.Train.Count, ["steps_per_epoch"] = data.Train.BatchCount(BatchSize),
        }));
    }

    /// <summary>The model's weights (seed 0), its first 32 test windows and its output on them in eval mode, as JSON.</summary>
    private static void ExportModel(string dir, string name, ForecastData data, TimeSeries series)
    {
        var model = Build(name, series);
        model.Eval();
        var (input, _) = data.Test.Batch([.. Enumerable.Range(0, BatchSize)]);
        Tensor output;
        using (Tensor.NoGrad()) output = model.Forward(input);
        static Dictionary<string, object> Entry(Tensor t) => new() { ["shape"] = t.Shape.ToArray(), ["data"] = t.Contiguous().ToArray() };
        var fields = new Dictionary<string, object>
        {
            ["model"] = name, ["params"] = model.ParameterCount,
            ["weights"] = model.NamedParameters().ToDictionary(p => p.Name, p => Entry(p.Parameter)),
            ["input"] = Entry(input), ["output"] = Entry(output),
        };
        File.WriteAllText(Path.Combine(dir, $"forecast-check-{name}.json"), JsonSerializer.Serialize(fields));
    }
}

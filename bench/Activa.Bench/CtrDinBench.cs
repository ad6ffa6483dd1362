using System.Diagnostics;
using Activa.Data.Ctr;
using Activa.Kernels;
using Activa.Losses;
using Activa.Models.Ctr;
using Activa.Optim;

namespace Activa.Bench;

/// <summary>
/// DIN training speed on MovieLens (issue 13): the training split of <see cref="MovieLens"/>'s protocol (seed 0, histories
/// of at most 50), DIN with the library defaults (d = 16, attention unit [q, k, q − k, q ⊙ k] → 36 Dice → 1, MLP 200-80-1
/// with Dice, unnormalised weights, row-sparse embeddings), batch 256, Adam 3e-3, shuffled batches gathered every step
/// as <c>CtrTrainer</c> does, no embedding L2 (the PyTorch side has none either). The epoch time is
/// (median seconds per step over the repetitions) × steps per epoch, so a short run (<c>--steps</c>) still estimates a
/// whole epoch; <c>--steps 0</c> times whole epochs.
/// <c>--export FILE</c> writes the same training samples for <c>bench/torch/bench_ctr.py din</c> (little-endian int32:
/// count, max history, users, items, categories, then the columns user, item, category, label, history length
/// [count each] and history items, history categories [count × max history each]).
/// </summary>
internal static class CtrDinBench
{
    private const int Batch = 256;

    public static int Run(string[] args)
    {
        int threads = Parallelism.Threads, reps = 3, steps = 100;
        string activation = "dice";
        string? json = null, export = null;
        bool phases = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i]); break;
                case "--reps": reps = int.Parse(args[++i]); break;
                case "--steps": steps = int.Parse(args[++i]); break;
                case "--act": activation = args[++i]; break;
                case "--json": json = args[++i]; break;
                case "--export": export = args[++i]; break;
                case "--phases": phases = true; break;
                default:
                    Console.Error.WriteLine($"ctr-din: unknown option '{args[i]}'. Options: --threads T --reps R --steps S (per repetition; 0 = whole epochs) --act dice|prelu --json out.json --export samples.bin --phases");
                    return 2;
            }
        }
        Parallelism.Threads = threads;
        var train = MovieLens.Load().Train;
        if (export != null)
        {
            Export(train, export);
            Console.Error.WriteLine($"ctr-din: wrote {train.Count:N0} training samples to {export}");
            return 0;
        }

        var model = CtrModel.Create("din", train, new CtrModelOptions { Activation = activation }, seed: 0);
        var adam = new Adam(model.Parameters(), 3e-3f);
        model.Train();
        var rng = new Generator(0);
        var order = Enumerable.Range(0, train.Count).ToArray();
        int stepsPerEpoch = (train.Count + Batch - 1) / Batch, cursor = stepsPerEpoch;
        // Seconds in each phase of the step, summed (printed with --phases).
        double dataS = 0, forwardS = 0, backwardS = 0, optimizerS = 0;
        void Step()
        {
            long t0 = Stopwatch.GetTimestamp();
            if (cursor == stepsPerEpoch)
            {
                rng.Shuffle<int>(order);
                cursor = 0;
            }
            int start = cursor++ * Batch;
            var batch = new CtrBatch(train, order.AsSpan(start, Math.Min(Batch, order.Length - start)));
            long t1 = Stopwatch.GetTimestamp();
            var loss = Loss.BinaryCrossEntropyWithLogits(model.Logits(batch), batch.Labels);
            long t2 = Stopwatch.GetTimestamp();
            adam.ZeroGrad();
            loss.Backward();
            long t3 = Stopwatch.GetTimestamp();
            adam.Step();
            long t4 = Stopwatch.GetTimestamp();
            dataS += (t1 - t0) / (double)Stopwatch.Frequency;
            forwardS += (t2 - t1) / (double)Stopwatch.Frequency;
            backwardS += (t3 - t2) / (double)Stopwatch.Frequency;
            optimizerS += (t4 - t3) / (double)Stopwatch.Frequency;
        }
        for (int i = 0; i < 10; i++) Step();
        if (phases) return Phases(Step, steps > 0 ? steps : 50, () => (dataS, forwardS, backwardS, optimizerS), () => dataS = forwardS = backwardS = optimizerS = 0);
        int perRep = steps > 0 ? steps : stepsPerEpoch;
        var times = new List<double>();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        for (int r = 0; r < reps; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int s = 0; s < perRep; s++) Step();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / perRep);
        }
        int timed = reps * perRep;
        double allocatedPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)timed;
        double pausePerStep = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds / timed;
        double step = BenchStats.Median(times);
        Console.WriteLine($"activa ctr-din ({activation}), {threads} threads: {step * 1e3:F2} ms/step, epoch of {train.Count:N0} samples " +
                          $"({stepsPerEpoch} steps) {step * stepsPerEpoch:F2} s, {Batch / step:N0} samples/s");
        Console.WriteLine($"  allocated {allocatedPerStep / (1 << 20):F2} MiB per step; GCs gen0/1/2 over {timed} steps " +
                          $"{GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2}, GC pauses {pausePerStep:F2} ms per step");
        if (json != null)
            BenchStats.WriteJson(json, new Dictionary<string, object>
            {
                ["threads"] = threads, ["act"] = activation, ["samples"] = train.Count, ["steps_per_epoch"] = stepsPerEpoch,
                ["step_ms"] = step * 1e3, ["epoch_s"] = step * stepsPerEpoch, ["samples_per_s"] = Batch / step,
            });
        return 0;
    }

    /// <summary>Times <paramref name="steps"/> steps by phase, with the backward pass by op.</summary>
    private static int Phases(Action step, int steps, Func<(double Data, double Forward, double Backward, double Optimizer)> read, Action reset)
    {
        reset();
        using var profile = Activa.Autograd.BackwardProfiler.Start();
        for (int s = 0; s < steps; s++) step();
        var (data, forward, backward, optimizer) = read();
        double total = data + forward + backward + optimizer;
        Console.WriteLine($"activa ctr-din phases over {steps} steps: {total / steps * 1e3:F2} ms/step");
        foreach (var (name, t) in new[] { ("batch gather", data), ("forward + loss", forward), ("backward", backward), ("Adam", optimizer) })
            Console.WriteLine($"  {name,-16} {t / steps * 1e3,8:F2} ms  {t / total,6:P1}");
        foreach (var (op, t) in profile.Ops.OrderByDescending(kv => kv.Value.Elapsed))
            Console.WriteLine($"    backward {op,-22} {t.Elapsed.TotalMilliseconds / steps,8:F3} ms  ({t.Calls / (double)steps:F1} calls)");
        return 0;
    }

    private static void Export(BehaviorSamples data, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var w = new BinaryWriter(File.Create(path));
        foreach (int v in new[] { data.Count, data.MaxHistory, data.Users, data.Items, data.Categories }) w.Write(v);
        void Column(ReadOnlySpan<int> values)
        {
            foreach (int v in values) w.Write(v);
        }
        Column(data.User);
        Column(data.Item);
        Column(data.Category);
        Column([.. data.Labels.Select(l => (int)l)]);
        Column(data.HistoryLength);
        Column(data.HistoryItems);
        Column(data.HistoryCategories);
    }
}

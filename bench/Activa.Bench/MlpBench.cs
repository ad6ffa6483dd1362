using System.Diagnostics;
using System.Text.Json;
using Activa.Data;
using Activa.Kernels;
using Activa.Models;
using Activa.Nn;
using Activa.Training;

namespace Activa.Bench;

/// <summary>
/// The MLP benchmark of the training-stack issue: 784-512-512-10 training throughput at batch 256 (Adam,
/// cross-entropy, shuffled batches gathered every step, as in the PyTorch script) and inference latency at
/// batch 1 and 256. Fashion-MNIST when installed, else random data of the same shape (speed does not
/// depend on the values). Then, unless --no-phases, the per-phase breakdown of one training step beside the GEMM
/// ceiling (<see cref="MlpPhases"/>). --no-fuse runs each Linear and activation as separate ops (the A/B of the fused path).
/// </summary>
internal static class MlpBench
{
    /// <summary>Training steps before the timed epochs, on each side.</summary>
    private const int WarmupSteps = 150;

    public static int Run(string[] args)
    {
        int epochs = 3, threads = Parallelism.Threads, phaseSteps = 250;
        bool phases = true;
        string act = "relu";
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--epochs": epochs = int.Parse(args[++i]); break;
                case "--threads": threads = int.Parse(args[++i]); break;
                case "--act": act = args[++i]; break;
                case "--json": json = args[++i]; break;
                case "--no-phases": phases = false; break;
                case "--no-fuse": Activa.Nn.Sequential.FuseLinearActivation = false; break;
                case "--phase-steps": phaseSteps = int.Parse(args[++i]); break;
                default:
                    Console.Error.WriteLine($"mlp: unknown option '{args[i]}'. Options: --epochs N --threads T --act NAME --json out.json --no-phases --phase-steps N --no-fuse");
                    return 2;
            }
        }
        Parallelism.Threads = threads;
        var (train, test) = IdxDataset.FashionMnist.IsAvailable() ? IdxDataset.FashionMnist.Load() : RandomData();
        var config = new ModelConfig { Inputs = 784, Hidden = [512, 512], Outputs = 10, Activation = act };

        // Warm-up on a throw-away model (PyTorch's script does the same number of steps): the pool, the allocator and the
        // JIT, whose tiered compilation runs a method unoptimised, then instrumented, for its first calls (with 20 warm-up
        // steps the first timed epoch ran 5–40 % slower than the second).
        new Trainer(config, new TrainOptions { Epochs = 1, Seed = 1 }).Fit(train.Subset([.. Enumerable.Range(0, 256 * WarmupSteps)]));

        var trainer = new Trainer(config, new TrainOptions { Epochs = epochs, Seed = 0, ValidationFraction = 0 });
        trainer.EpochCompleted += m => Console.Error.WriteLine($"  epoch {m.Epoch}: {m.SamplesPerSecond:N0} samples/s, loss {m.TrainLoss:F4}");
        // what the timed epochs collect and allocate (the warm-up run above is excluded)
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        trainer.Fit(train);
        double allocPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)Math.Max(1, trainer.Step);
        (gc0, gc1, gc2) = (GC.CollectionCount(0) - gc0, GC.CollectionCount(1) - gc1, GC.CollectionCount(2) - gc2);
        double samplesPerSecond = Median(trainer.History.Select(h => h.SamplesPerSecond));
        double accuracy = trainer.Evaluate(test).Accuracy;

        var model = trainer.Model;
        model.Eval();
        // Median seconds per call of model.Forward under NoGrad, or of a Predictor (weights frozen and packed once).
        var predictor = new Predictor((Sequential)model);
        double Latency(int batch, bool frozen)
        {
            var x = test.Subset([.. Enumerable.Range(0, batch)]).Features.Reshape(batch, 784);
            var rows = x.ToArray();
            var times = new List<double>();
            using var _ = Tensor.NoGrad();
            void Call()
            {
                if (frozen) predictor.Predict(rows, batch);
                else model.Forward(x);
            }
            for (int i = 0; i < 50; i++) Call();
            for (int rep = 0; rep < 15; rep++)
            {
                int iters = batch == 1 ? 2000 : batch <= 64 ? 200 : 40;
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < iters; i++) Call();
                times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / iters);
            }
            return Median(times);
        }
        int[] latencyBatches = [1, 16, 64, 256];
        var forwardLatency = latencyBatches.ToDictionary(b => b, b => Latency(b, frozen: false));
        var frozenLatency = latencyBatches.ToDictionary(b => b, b => Latency(b, frozen: true));
        double batch1 = forwardLatency[1], batch256 = forwardLatency[256];
        Console.WriteLine($"activa mlp 784-512-512-10 {act}, {threads} threads: train {samplesPerSecond:N0} samples/s (batch 256), " +
                          $"inference batch 1 {batch1 * 1e6:F1} µs, batch 256 {batch256 * 1e3:F2} ms, test accuracy after {epochs} epochs {accuracy:P2}; " +
                          $"GCs gen0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pool {StoragePool.HeldBytes >> 20} MiB");
        Console.WriteLine("inference µs per call, model.Forward / Predictor: " +
                          string.Join(", ", latencyBatches.Select(b => $"batch {b} {forwardLatency[b] * 1e6:F1} / {frozenLatency[b] * 1e6:F1}")));
        Console.WriteLine($"timed epochs ({trainer.Step} steps): GCs gen0/1/2 {gc0}/{gc1}/{gc2}, {allocPerStep / 1024:F1} KiB allocated per step");
        MlpPhases.Result? breakdown = null;
        if (phases)
        {
            breakdown = MlpPhases.Run(config, train, phaseSteps);
            MlpPhases.Print(breakdown, samplesPerSecond, threads);
        }
        if (json != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
            var fields = new Dictionary<string, object?>
            {
                ["act"] = act, ["threads"] = threads, ["epochs"] = epochs, ["train_samples_per_s"] = samplesPerSecond,
                ["infer_batch1_us"] = batch1 * 1e6, ["infer_batch256_ms"] = batch256 * 1e3, ["test_accuracy"] = accuracy,
                ["infer_batch16_us"] = forwardLatency[16] * 1e6, ["infer_batch64_us"] = forwardLatency[64] * 1e6,
                ["predictor_us"] = latencyBatches.ToDictionary(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture), b => frozenLatency[b] * 1e6),
                ["data"] = train.Name,
                ["gc_gen0"] = gc0, ["gc_gen1"] = gc1, ["gc_gen2"] = gc2, ["alloc_bytes_per_step"] = allocPerStep,
            };
            if (breakdown != null)
                foreach (var (key, value) in MlpPhases.Json(breakdown, samplesPerSecond)) fields[key] = value;
            File.WriteAllText(json, JsonSerializer.Serialize(fields));
        }
        return 0;
    }

    private static (Dataset, Dataset) RandomData()
    {
        Console.Error.WriteLine("mlp: Fashion-MNIST not installed; timing on random data of the same shape.");
        var g = new Generator(0);
        Dataset Make(int n) => new("random", Tensor.Rand([n, 28, 28], g), [.. Enumerable.Range(0, n).Select(_ => g.NextInt(10))], 10);
        return (Make(60000), Make(10000));
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
